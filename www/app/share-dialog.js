// "Share / embed": a modal <dialog> with the link to the current state, an <iframe> snippet for
// embed.html and a <backprop-lab> snippet, each with a Copy button. The text comes from the
// pure helpers in share.js; the dialog is built here so index.html only holds the button.
// showModal() gives the focus trap and Esc; focus returns to the Share button on close.

import { IMPORTED } from "./imported.js";
import { shareSnippets } from "../lib/share.js";
import { hashWithWeights } from "./weights-link.js";

const FIELDS = [
  { key: "link", label: "Link to this state", rows: 0 },
  { key: "iframe", label: "Embed in slides (iframe of embed.html)", rows: 3 },
  { key: "element", label: "<backprop-lab> element", rows: 2 },
];

function build() {
  const dialog = document.createElement("dialog");
  dialog.id = "share-dialog";
  dialog.className = "share-dialog";
  dialog.setAttribute("aria-labelledby", "share-title");
  const title = document.createElement("h2");
  title.id = "share-title";
  title.textContent = "Share / embed";
  dialog.append(title);
  for (const f of FIELDS) {
    const row = document.createElement("div");
    row.className = "share-row";
    const label = document.createElement("label");
    label.htmlFor = `share-${f.key}`;
    label.textContent = f.label;
    const field = f.rows ? document.createElement("textarea") : document.createElement("input");
    field.id = `share-${f.key}`;
    field.readOnly = true;
    field.spellcheck = false;
    if (f.rows) field.rows = f.rows;
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "copy";
    copy.dataset.copy = field.id;
    copy.textContent = "Copy";
    copy.setAttribute("aria-label", `Copy: ${f.label}`);
    const line = document.createElement("div");
    line.className = "share-line";
    line.append(field, copy);
    row.append(label, line);
    dialog.append(row);
  }
  // The link and the iframe can carry the trained network (weights=…, lib/weights-link.js).
  const withWeights = document.createElement("label");
  withWeights.className = "share-weights";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = "share-with-weights";
  withWeights.append(box, " Include the trained weights: the link opens this exact network, not a fresh one from the seed");
  dialog.insertBefore(withWeights, dialog.children[2]);
  const status = document.createElement("p");
  status.className = "share-status";
  status.setAttribute("role", "status");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "Close";
  const foot = document.createElement("div");
  foot.className = "share-foot";
  foot.append(status, close);
  dialog.append(foot);
  document.body.append(dialog);
  return { dialog, status, close, box };
}

/** Copy a field's text: the clipboard API, or else select it for Ctrl+C. */
async function copyField(field, status) {
  status.classList.remove("warn");
  try {
    if (!navigator.clipboard) throw new Error("no clipboard");
    await navigator.clipboard.writeText(field.value);
    status.textContent = "Copied.";
  } catch {
    field.focus();
    field.select();
    status.textContent = "Selected — press Ctrl+C (⌘C) to copy.";
  }
}

export function mountShareDialog(app) {
  const button = document.getElementById("share");
  if (!button || typeof HTMLDialogElement === "undefined") return null;
  const { dialog, status, close, box } = build();
  const field = (key) => dialog.querySelector(`#share-${key}`);

  /** The snippets for the state, with the weights when the box is ticked and they fit a link. */
  async function fill() {
    const snippets = (hash) => shareSnippets({ href: location.href, hash, values: app.store.values });
    let s = snippets(app.store.toHash());
    status.textContent = "";
    status.classList.remove("warn");
    if (box.checked) {
      const w = await hashWithWeights(app, s.link);
      if (w.error) {
        box.checked = false;
        status.textContent = w.error;
        status.classList.add("warn");
      } else {
        s = snippets(w.hash);
        status.textContent = "The link and the iframe carry the trained weights (the element's attributes cannot).";
      }
    }
    for (const f of FIELDS) field(f.key).value = s[f.key];
    if (IMPORTED.has(app.store.get("dataset"))) {
      // The points stay in this browser (app/imported.js): elsewhere the link falls back to the default data.
      status.textContent = `${status.textContent} The imported data is not in the link: it opens here, and elsewhere only after the same CSV is imported.`.trim();
      status.classList.add("warn");
    }
  }

  async function open() {
    await fill();
    dialog.showModal();
    dialog.querySelector("button.copy").focus();
  }
  box.addEventListener("change", fill);

  button.addEventListener("click", open);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => button.focus());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) {
      const r = dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
    }
  });
  for (const copy of dialog.querySelectorAll("button.copy")) {
    copy.addEventListener("click", () => copyField(document.getElementById(copy.dataset.copy), status));
  }
  return { open, dialog };
}
