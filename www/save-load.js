// Save / Load / Export as PyTorch: the header's file buttons, the file picker and drag-and-drop
// onto the page. The file's text is written and checked by Rust (src/save.rs, src/export.rs);
// here we only move text between the network, the URL hash and files.

import { Playground, readSave } from "./pkg/backprop_lab.js";
import { decodeHash } from "./hash.js";
import { fitActivations, playgroundConfig } from "./state.js";

export const SAVE_NAME = "backprop-lab.json";
export const PYTORCH_NAME = "backprop_lab_model.py";

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
 * Wire the buttons (each optional: the embed page hides them). Returns { save, load, exportPyTorch }
 * for scripts and tests: load(text, name) resolves to true when the file was loaded.
 */
export function mountSaveLoad(app) {
  const $ = (id) => document.getElementById(id);

  function saveText() {
    return app.session.net.saveJson(app.store.toHash());
  }

  /** Check the whole file, and that its scene builds its network, before touching anything. */
  function check(text) {
    const info = readSave(text);
    const { values } = decodeHash(`#${info.scene}`, app.table);
    const probe = new Playground(playgroundConfig(fitActivations(values, app.defaults.activation), 2));
    const net = probe.network();
    try {
      net.loadSave(text);
    } finally {
      net.free();
      probe.free();
    }
    return info;
  }

  function load(text, name = "the file") {
    try {
      check(text);
    } catch (e) {
      app.showError(`Could not load ${name}: ${e.message}. The current network is kept.`);
      return false;
    }
    app.setPlaying(false);
    // The scene first, through the page's own hash path (notices, tabs, a new Playground) …
    const info = readSave(text);
    history.replaceState(null, "", `#${info.scene}`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    // … then the exact weights into the network that scene built.
    if (!app.guard(() => app.session.net.loadSave(text))) return false;
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

  const exportPyTorch = () => download(PYTORCH_NAME, app.session.net.toPyTorch(), "text/x-python");
  const save = () => download(SAVE_NAME, saveText(), "application/json");

  $("save")?.addEventListener("click", save);
  $("export-pytorch")?.addEventListener("click", exportPyTorch);
  const input = $("load-file");
  $("load")?.addEventListener("click", () => input?.click());
  input?.addEventListener("change", async () => {
    await loadFile(input.files[0]);
    input.value = ""; // choosing the same file again still loads it
  });

  // Drag a saved file onto the page to load it.
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
    loadFile(e.dataTransfer.files[0]);
  });

  return { save, load, saveText, exportPyTorch };
}
