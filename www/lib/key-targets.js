// Keys a focused element handles itself (the network view's cursor, the data plot's cross, the
// cost surface's point, the loss chart's read-out, a lesson's pixel grid). A widget registers a
// handler here; the page's one key listener (app/keys.js) asks the focused element and its
// ancestors first, and only a key none of them takes goes on to the page's commands — so the
// arrows move the plot's cross while it has focus and step the stepper everywhere else.

const handlers = new WeakMap();

/**
 * Let `el` handle the keys pressed while it (or something inside it) has focus.
 * @param {Element} el
 * @param {(e: KeyboardEvent) => boolean | void} handler  returns true when it took the key
 */
export function onKeys(el, handler) {
  handlers.set(el, handler);
}

/**
 * Offer a key to the element it was pressed in and then to its ancestors; true when one of them
 * took it (the caller then prevents the browser's default, e.g. the page scrolling on an arrow).
 * @param {KeyboardEvent} e
 */
export function offerKey(e) {
  for (let el = e.target; el && el.nodeType === 1; el = el.parentElement) {
    const h = handlers.get(el);
    if (h && h(e) === true) return true;
  }
  return false;
}
