// Save / Load / Export as PyTorch or NumPy: the header's file buttons, the file picker and drag-and-drop
// onto the page. The file's text is written and checked by Rust (src/save.rs, src/export.rs,
// in the extras wasm module, loaded on the first use through the session); here we only move
// text between the network, the URL hash and files. The probe that checks a file before the
// page is touched is the session's (app/session.js: checkSaved), like every wasm handle.

import { decodeHash } from "../lib/hash.js";
import { fitActivations, playgroundConfig } from "./store.js";
import { dataCsv, historyCsv, isCsvFile } from "../lib/csv.js";

export const SAVE_NAME = "backprop-lab.json";
export const PYTORCH_NAME = "backprop_lab_model.py";
export const NUMPY_NAME = "backprop_lab_numpy.py";
export const DATA_CSV_NAME = "backprop_lab_data.csv";
export const HISTORY_CSV_NAME = "backprop_lab_history.csv";

/** Offer `text` as a download called `name`. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Wire the buttons (each optional: the embed page hides them). Returns { save, load, saveText,
 * exportPyTorch, exportNumPy } for scripts and tests; each is async (the extras module may still be loading):
 * load(text, name) resolves to true when the file was loaded, saveText() to the file's text.
 */
export function mountSaveLoad(app) {
  const $ = (id) => document.getElementById(id);

  async function saveText() {
    return (await app.session.extras()).saveJson(app.session.networkJSON(), app.store.toHash());
  }

  /**
   * The file's contents, after checking the whole file and that its scene builds its network,
   * before anything on the page is touched.
   */
  function check(x, text) {
    const file = x.readSave(text);
    const { values } = decodeHash(`#${file.scene}`, app.table);
    app.session.checkSaved(playgroundConfig(fitActivations(values, app.defaults.activation), 2), file, x);
    return file;
  }

  async function load(text, name = "the file") {
    let file;
    try {
      file = check(await app.session.extras(), text);
    } catch (e) {
      app.showNotices([]); // a notice of an earlier load would read as this one's
      app.showError(`Could not load ${name}: ${e.message}. The current network is kept.`);
      return false;
    }
    app.setPlaying(false);
    // The scene first, through the page's own hash path (notices, tabs, a new Playground) …
    history.replaceState(null, "", `#${file.scene}`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    // … then the exact weights into the network that scene built.
    if (!app.guard(() => app.session.net.loadSaved(file))) return false;
    app.clearError();
    app.showNotices([`Loaded ${name}: the network has exactly its saved weights`]);
    app.invalidate();
    return true;
  }

  async function loadFile(file) {
    if (!file) return false;
    let text;
    try {
      text = await file.text();
    } catch (e) {
      app.showError(`Could not read ${file.name}: ${e.message}`);
      return false;
    }
    return load(text, `"${file.name}"`);
  }

  /** Runs an async file action; a failure (e.g. the extras module cannot load) is shown. */
  const shown = (what, action) => async () => {
    try {
      await action();
    } catch (e) {
      app.showError(`Could not ${what}: ${e.message}`);
    }
  };
  const exportPyTorch = shown("export the network", async () =>
    download(PYTORCH_NAME, (await app.session.extras()).toPyTorch(app.session.networkJSON()), "text/x-python"));
  const exportNumPy = shown("export the network", async () =>
    download(NUMPY_NAME, (await app.session.extras()).toNumPy(app.session.networkJSON()), "text/x-python"));
  // The data and the loss chart's history as CSV (lib/csv.js: the core's numbers, formatted).
  const exportDataCsv = () => {
    const pg = app.session.pg;
    download(DATA_CSV_NAME, dataCsv(pg.trainPoints(), pg.testPoints(), pg.isRegression()), "text/csv");
  };
  const exportHistoryCsv = () => download(HISTORY_CSV_NAME, historyCsv(app.views.chart.samples), "text/csv");
  const save = shown("save the network", async () => download(SAVE_NAME, await saveText(), "application/json"));

  $("save")?.addEventListener("click", save);
  $("export-pytorch")?.addEventListener("click", exportPyTorch);
  $("export-numpy")?.addEventListener("click", exportNumPy);
  $("export-data-csv")?.addEventListener("click", exportDataCsv);
  $("export-history-csv")?.addEventListener("click", exportHistoryCsv);
  const input = $("load-file");
  $("load")?.addEventListener("click", () => input?.click());
  input?.addEventListener("change", async () => {
    await loadFile(input.files[0]);
    input.value = ""; // choosing the same file again still loads it
  });

  // Drag a saved file (or a CSV of data) onto the page to load it.
  const hasFiles = (e) => Array.from(e.dataTransfer?.types || []).includes("Files");
  document.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    document.body.classList.add("drop-target");
  });
  document.addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) document.body.classList.remove("drop-target");
  });
  document.addEventListener("drop", (e) => {
    document.body.classList.remove("drop-target");
    if (!hasFiles(e)) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    // A CSV is data for the Playground (playground/csv-import.js), anything else a save file.
    if (app.csvImport && isCsvFile(file)) {
      app.commands.setMode("playground");
      app.csvImport.open();
      app.csvImport.importFile(file);
    } else loadFile(file);
  });

  return { save, load, saveText, exportPyTorch, exportNumPy, exportDataCsv, exportHistoryCsv };
}
