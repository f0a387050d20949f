// The page's one command surface: play, pause, toggle, step(±1), reset and setMode, routed to
// the active view (the tab in the store's `mode`). Each view registers what its commands do
// for its modes: the playground trains (a mini-batch per step; the Cost surface tab trains the
// same playground), the Backprop stepper walks its phases (−1 steps back; play walks forward
// on a timer), Digits trains in its worker. Keys (app/keys.js), the embed page, the
// <backprop-lab> element and scripts (window.backpropLab.commands, docs/JS_API.md) all call these.

import { MODES } from "./store.js"; // the tabs, as the URL table lists them

/**
 * What one view does for each command. `play` may return false (it cannot play yet); `step`
 * returns whether it stepped; `pause` stops what `play` started.
 * @typedef {{ play?(): boolean | void, pause?(): void, step?(dir: 1 | -1): boolean, reset?(): void }} Handler
 */

export class Commands {
  /**
   * @param {import("./loop.js").Loop} loop  owns what is playing
   * @param {{ get(field: string): any, set(patch: object): void }} store  holds the mode
   */
  constructor(loop, store) {
    this.loop = loop;
    this.store = store;
    this.handlers = new Map(); // mode → { view, handler }
  }

  /**
   * Register `handler` as view `view`'s commands in each of `modes` (one view may serve several
   * tabs: the playground's training also runs in the Cost surface tab).
   */
  register(view, modes, handler) {
    for (const mode of modes) {
      if (!MODES.includes(mode)) throw new Error(`No tab "${mode}": the tabs are ${MODES.join(", ")}`);
      this.handlers.set(mode, { view, handler });
    }
  }

  /** The active tab. */
  get mode() {
    return this.store.get("mode");
  }

  /** Whether anything is playing (training, the stepper's walk, the Digits worker). */
  get playing() {
    return this.loop.isPlaying;
  }

  /** The view whose play runs ("playground", "backprop", "digits"), or null. */
  get playingView() {
    return this.loop.playingView;
  }

  /** The registration for `mode` (default: the active tab); throws for a tab that does not exist. */
  entry(mode = this.mode) {
    const e = this.handlers.get(mode);
    if (!e) throw new Error(`No tab "${mode}": the tabs are ${MODES.join(", ")}`);
    return e;
  }

  /** Play the active tab's view (or `mode`'s). Returns whether it plays now. */
  play(mode) {
    const { view, handler } = this.entry(mode);
    if (this.loop.playingView === view) return true;
    this.pause();
    if (!handler.play || handler.play() === false) return false;
    this.loop.play(view);
    return true;
  }

  /** Stop whatever plays. */
  pause() {
    const view = this.loop.playingView;
    if (view === null) return;
    for (const { view: v, handler } of this.handlers.values()) {
      if (v === view) {
        handler.pause?.();
        break;
      }
    }
    this.loop.pause();
  }

  /** Pause when something plays, otherwise play the active tab. Returns whether it plays now. */
  toggle(mode) {
    if (this.playing) {
      this.pause();
      return false;
    }
    return this.play(mode);
  }

  /** One step of the active tab: +1 forward, −1 back (only the stepper goes back). Pauses first. */
  step(dir = 1, mode) {
    if (dir !== 1 && dir !== -1) throw new Error(`step takes 1 (forward) or -1 (back), not ${JSON.stringify(dir)}`);
    const { handler } = this.entry(mode);
    this.pause();
    return handler.step ? handler.step(dir) === true : false;
  }

  /** The active tab back to its start (the seed's initial weights, epoch 0). Pauses first. */
  reset(mode) {
    const { handler } = this.entry(mode);
    this.pause();
    handler.reset?.();
  }

  /** Switch tabs. What plays in another view pauses (the playground keeps training in the Cost surface tab). */
  setMode(mode) {
    const next = this.entry(mode);
    if (mode === this.mode) return;
    if (this.loop.playingView !== null && this.loop.playingView !== next.view) this.pause();
    this.store.set({ mode });
    this.loop.redraw();
  }
}
