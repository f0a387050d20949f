// The page's one key map, one keydown listener: Space plays / pauses, → steps, ← steps back
// (the Backprop stepper), R resets, ← / → on the focused view tab switch tabs, and Esc in an
// embedded frame hands the keyboard back to the host page (a slide deck's own arrows). Every
// key goes to app/commands.js, which routes it to the active tab.
//
// A focused widget gets a key first (lib/key-targets.js: the network view's cursor, the data
// plot's cross, the surface point, the loss chart's read-out, a lesson's pixel grid); only a key
// it does not take goes on to the commands.
//
// One target filter: never with Alt, Ctrl or Meta (browser and slide-deck keys), never in a text
// field, a select, an editable element or a dialog, never a button's own Space / Enter, and
// never a key something else has already handled (defaultPrevented).

import { offerKey } from "../lib/key-targets.js";

/** Whether the key map leaves this event alone. */
export function ignored(e) {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return true;
  const t = e.target;
  const view = t?.ownerDocument?.defaultView;
  if (!view) return false;
  if (t instanceof view.HTMLInputElement || t instanceof view.HTMLSelectElement || t instanceof view.HTMLTextAreaElement) return true;
  if (t instanceof view.HTMLElement && (t.isContentEditable || t.closest("dialog"))) return true;
  return false;
}

/** The command a key means, or null. */
export function commandOf(key) {
  switch (key) {
    case " ":
      return "toggle";
    case "ArrowRight":
      return "forward";
    case "ArrowLeft":
      return "back";
    case "r":
    case "R":
      return "reset";
    case "Escape":
      return "release";
    default:
      return null;
  }
}

/**
 * Install the key map on `win`.
 * @param {Window} win
 * @param {import("./commands.js").Commands} commands
 * @returns {() => void} removes it
 */
export function installKeys(win, commands) {
  const onKey = (e) => {
    if (ignored(e)) return;
    if (offerKey(e)) return e.preventDefault();
    const command = commandOf(e.key);
    if (!command) return;
    const t = e.target;
    if (command === "release") return release(win);
    if (t instanceof win.HTMLButtonElement && (e.key === " " || e.key === "Enter")) return;
    // The view tabs (a role="tablist"): the arrows move between them, as ARIA's tabs pattern says.
    if (t instanceof win.HTMLElement && t.getAttribute("role") === "tab" && (command === "forward" || command === "back")) {
      e.preventDefault();
      return switchTab(t, command === "forward" ? 1 : -1, commands);
    }
    e.preventDefault();
    if (command === "toggle") commands.toggle();
    else if (command === "forward") commands.step(1);
    else if (command === "back") commands.step(-1);
    else if (command === "reset") commands.reset();
  };
  win.addEventListener("keydown", onKey);
  return () => win.removeEventListener("keydown", onKey);
}

/** Esc inside a frame: give the keyboard back to the page that hosts it. */
function release(win) {
  let host = null;
  try {
    host = win.frameElement; // null when not framed or framed by another origin
  } catch {
    return;
  }
  if (!host) return;
  host.blur();
  win.parent.focus();
}

function switchTab(tab, dir, commands) {
  const tabs = [...tab.closest('[role="tablist"]').querySelectorAll('[role="tab"]')];
  const next = tabs[(tabs.indexOf(tab) + dir + tabs.length) % tabs.length];
  next.focus();
  commands.setMode(next.dataset.mode);
}
