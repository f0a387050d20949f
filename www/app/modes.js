// The view tabs in the header (Playground, Backprop, Cost surface, Digits, Lessons): an ARIA tablist
// (its ← / → are app/keys.js's). The mode lives in the store (and so in the URL); the page shows
// it through body[data-mode] and the panels' `hidden` attribute.

const PANELS = { backprop: "backprop-panel", surface: "surface-panel", digits: "digits-scene", lessons: "lessons-scene" };

export class ModeTabs {
  /**
   * @param {HTMLElement} nav  the role="tablist" element
   * @param {(mode: string) => void} onChange
   */
  constructor(nav, onChange) {
    this.tabs = [...nav.querySelectorAll('[role="tab"]')];
    this.mode = null;
    for (const tab of this.tabs) tab.addEventListener("click", () => onChange(tab.dataset.mode));
  }

  render(mode) {
    if (mode === this.mode) return;
    this.mode = mode;
    document.body.dataset.mode = mode;
    for (const tab of this.tabs) {
      const on = tab.dataset.mode === mode;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    for (const [m, id] of Object.entries(PANELS)) {
      const panel = document.getElementById(id);
      if (panel) panel.hidden = m !== mode;
    }
    document.getElementById("main").hidden = mode === "digits" || mode === "lessons";
  }
}
