// "Import CSV…": the Playground's own 2-D data from a file (picker or drag-and-drop, on the
// dialog or anywhere on the Playground tab) or pasted text. The core reads it
// (parseCsvPoints, extras module: separators, header, decimal comma, classes or numbers, the
// scaling into the input square) and names the line of any problem; the data in use is kept
// until a file is read and the core accepts a Playground on it. The points live in
// app/imported.js (this browser's storage), not in the link.

import { importedData, setImported, IMPORTED } from "../app/imported.js";
import { playgroundConfig } from "../app/store.js";
import { modalDialog } from "../app/dialog.js";

/** A number as the summary shows it: up to 4 significant digits, no trailing zeros. */
const short = (v) => (Number.isInteger(v) && Math.abs(v) < 1e6 ? String(v) : String(Number(v.toPrecision(4))));

/** One sentence describing the imported data and its scaling (for the Data column). */
export function importedSummary(data) {
  if (!data) return "";
  const what = data.dataset === "importedValues"
    ? `values ${short(data.labelRange[0])} to ${short(data.labelRange[1])} scaled into [0, 1]`
    : `${data.classNames.length} classes (${data.classNames.map((n, i) => `${i}: ${n}`).join(", ")})`;
  const [a, b] = data.header ?? ["x₁", "x₂"];
  return `${data.name}: ${data.rows} points, ${what}. ${a} ${short(data.x1Range[0])} to ${short(data.x1Range[1])} and ` +
    `${b} ${short(data.x2Range[0])} to ${short(data.x2Range[1])}, each scaled into [−0.9, 0.9].`;
}

/**
 * Mount the import dialog on the #import-csv button (a CSV dropped on the page comes here too:
 * app/save-load.js hands it over). Returns { open, importText(text, name), importFile(file),
 * dialog }.
 */
export function mountCsvImport(app) {
  const { session, store, change } = app;
  const built = modalDialog("import-csv", "import-dialog", "import-title", `
    <h2 id="import-title">Import data from a CSV file</h2>
    <p class="bp-dim">Rows of <code>x1, x2, label</code>, separated by commas, semicolons or tabs, with or
      without a header row (a decimal comma is fine with semicolons or tabs). Labels are classes (any
      text, up to 8) or numbers to fit (regression). At most 10,000 rows. Each axis is scaled into the
      plot's square; the file stays in this browser, not in the link.</p>
    <div class="share-row"><label for="import-file">File</label>
      <input id="import-file" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"></div>
    <div id="import-drop" class="import-drop">or drop a file here (or anywhere on the Playground)</div>
    <div class="share-row"><label for="import-text">Or paste</label>
      <textarea id="import-text" rows="6" spellcheck="false" placeholder="x1,x2,label&#10;1.5,2.0,red&#10;3.1,0.4,blue"></textarea></div>
    <div class="share-row"><label for="import-labels">Labels are</label>
      <select id="import-labels">
        <option value="auto">decided from the labels (whole numbers or text: classes)</option>
        <option value="classes">classes</option>
        <option value="numbers">numbers (regression)</option>
      </select></div>
    <p id="import-error" class="import-error" role="alert"></p>
    <div class="share-foot"><p class="share-status" role="status"></p>
      <button type="button" id="import-paste">Import the pasted text</button>
      <button type="button" class="close">Close</button></div>`);
  if (!built) return null;
  const { button, dialog, $ } = built;
  const status = $(".share-status");
  const error = $("#import-error");

  function fail(message) {
    error.textContent = `⚠ ${message[0].toUpperCase()}${message.slice(1)}`;
    status.textContent = "";
  }

  /** Read `text` (from `name`) and train on it; resolves to whether it was taken. */
  async function importText(text, name) {
    error.textContent = "";
    status.textContent = `Reading ${name}…`;
    let r;
    try {
      const x = await session.extras();
      r = x.parseCsvPoints(text, $("#import-labels").value);
    } catch (e) {
      fail(`${name} was not imported, the data is unchanged: ${e.message}`);
      return false;
    }
    // The core's reading (dataset, points, classNames, the ranges, header, separator, rows).
    const data = { ...r, name, labels: $("#import-labels").value };
    const previous = importedData();
    const keepNote = setImported(data);
    const patch = { dataset: r.dataset };
    // Softmax needs two outputs or more: two classes and values have one.
    const outputs = r.dataset === "imported" && r.classNames.length > 2 ? r.classNames.length : 1;
    if (outputs === 1 && store.get("outputActivation") === "softmax") patch.outputActivation = "sigmoid";
    const why = session.refusal(playgroundConfig({ ...store.values, ...patch }, 2));
    if (why) {
      setImported(previous);
      fail(`${name} was read but cannot be trained on with these settings, the data is unchanged: ${why}`);
      return false;
    }
    change(patch);
    status.textContent = `Imported ${importedSummary(data)}${keepNote ? ` Note: ${keepNote}.` : ""}`;
    return true;
  }

  async function importFile(file) {
    if (!file) return false;
    if (file.size > 4 << 20) {
      fail(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; at most 4 MB of CSV is read. The data is unchanged.`);
      return false;
    }
    let text;
    try {
      text = await file.text();
    } catch (e) {
      fail(`${file.name} could not be read: ${e.message}`);
      return false;
    }
    return importText(text, file.name);
  }

  function open() {
    error.textContent = "";
    status.textContent = IMPORTED.has(store.get("dataset")) ? `In use: ${importedSummary(importedData())}` : "";
    dialog.showModal();
    $("#import-file").focus();
  }

  $("#import-file").addEventListener("change", async (e) => {
    await importFile(e.target.files[0]);
    e.target.value = ""; // the same file can be chosen again
  });
  $("#import-paste").addEventListener("click", () => {
    const text = $("#import-text").value;
    if (!text.trim()) fail("Paste some rows of x1, x2, label first.");
    else importText(text, "the pasted text");
  });
  const dropOn = (area) => {
    area.addEventListener("dragover", (e) => {
      if (![...(e.dataTransfer?.types ?? [])].includes("Files")) return;
      e.preventDefault();
      area.classList.add("dropping");
    });
    area.addEventListener("dragleave", () => area.classList.remove("dropping"));
    area.addEventListener("drop", async (e) => {
      const file = e.dataTransfer?.files?.[0];
      area.classList.remove("dropping");
      if (!file) return;
      e.preventDefault();
      e.stopPropagation();
      if (!dialog.open) open();
      await importFile(file);
    });
  };
  dropOn($("#import-drop"));
  button.addEventListener("click", open);
  return { open, importText, importFile, dialog };
}
