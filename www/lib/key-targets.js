// Keys a focused element handles itself (the network view's cursor, the data plot's cross, the
// cost surface's point, the loss chart's read-out, a lesson's pixel grid). A widget registers a
// handler here; the page's one key listener (app/keys.js) asks the focused element and its
// ancestors first, and only a key none of them takes goes on to the page's commands — so the
// arrows move the plot's cross while it has focus and step the stepper everywhere else.
//
// Only keyboard focus (Tab, or a script's focus() where the browser counts it as the keyboard's:
// :focus-visible) hands an element its keys: after a click or a drag — the mouse user who dragged
// a weight, or clicked into a slide's scene — → still steps and Space still plays.

const handlers = new WeakMap();
const byKeyboard = new WeakMap(); // element → whether its focus came from the keyboard

/**
 * Let `el` handle the keys pressed while it (or something inside it) has focus.
 * @param {Element} el
 * @param {(e: KeyboardEvent) => boolean | void} handler  returns true when it took the key
 */
export function onKeys(el, handler) {
  handlers.set(el, handler);
  el.addEventListener("focus", () => byKeyboard.set(el, el.matches(":focus-visible")));
  el.addEventListener("pointerdown", () => byKeyboard.set(el, false));
}

/** Whether `el` has the focus and got it from the keyboard (its cursor or cross is drawn then). */
export function keyboardFocused(el) {
  return byKeyboard.get(el) === true && el.ownerDocument.activeElement === el;
}

/**
 * Offer a key to the element it was pressed in and then to its ancestors; true when one of them
 * took it (the caller then prevents the browser's default, e.g. the page scrolling on an arrow).
 * @param {KeyboardEvent} e
 */
export function offerKey(e) {
  for (let el = e.target; el && el.nodeType === 1; el = el.parentElement) {
    const h = handlers.get(el);
    if (h && byKeyboard.get(el) === true && h(e) === true) return true;
  }
  return false;
}
