// The page's modal dialogs ("Figure", "Import CSV…"): a <dialog> opened from a button, its
// markup given, closed by its "Close" button or Esc (showModal), the focus back on the button.

/**
 * Build the dialog `id` (labelled by the element `titleId` in `html`) for the button
 * `buttonId`. Returns { button, dialog, $ (a selector inside it) }, or null where the page has
 * no such button or the browser no <dialog>.
 */
export function modalDialog(buttonId, id, titleId, html) {
  const button = document.getElementById(buttonId);
  if (!button || typeof HTMLDialogElement === "undefined") return null;
  const dialog = document.createElement("dialog");
  dialog.id = id;
  dialog.className = "share-dialog";
  dialog.setAttribute("aria-labelledby", titleId);
  dialog.innerHTML = html;
  document.body.append(dialog);
  dialog.querySelector(".close")?.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => button.focus());
  return { button, dialog, $: (selector) => dialog.querySelector(selector) };
}
