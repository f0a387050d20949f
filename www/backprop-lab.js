// <backprop-lab>: Backprop Lab as one HTML element, for slide decks and course pages.
//
//   <script type="module" src="backprop-lab/www/backprop-lab.js"></script>
//   <backprop-lab dataset="xor" layers="4,2" activation="tanh" learning-rate="0.03" seed="1"
//                 view="network" controls="minimal" theme="dark" autoplay></backprop-lab>
//
// Each element renders an <iframe> of embed.html (resolved from this module's URL) in its
// shadow root: its own page, so its own wasm instance, network, state and keyboard focus, and
// the host page's styles, scripts and keys never mix with it. The attributes become the frame's
// URL (the state in the hash, the embed-only options in the query, see embed-options.js); a
// changed attribute is sent to the running page (a new hash, or backpropEmbed.setOptions) with
// no reload. The page checks every value and shows a notice for a bad one; nothing is thrown
// to the host page. embed.html must be on the same origin as the host page for the JS API
// (el.network, el.step(), events); the frame alone works from anywhere.

import { ATTRIBUTES, readOptions, stateHash, optionsQuery } from "./lib/embed-options.js";

const EMBED_URL = new URL("../embed.html", import.meta.url);

// A constructed stylesheet: allowed under a strict CSP (no inline <style>, no style attribute).
const SHEET = new CSSStyleSheet();
SHEET.replaceSync(`
  :host { display: block; position: relative; width: 100%; aspect-ratio: 16 / 9; min-height: 180px;
          background: #000; border-radius: 6px; overflow: hidden; contain: content; }
  @media (max-width: 600px) { :host { aspect-ratio: 3 / 4; } }
  :host([hidden]) { display: none; }
  :host([theme="light"]) { background: #f6f6f8; }
  :host(:focus-within) { outline: 3px solid #ffff00; outline-offset: 2px; }
  iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; display: block; }
`);

export class BackpropLabElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open", delegatesFocus: true });
    root.adoptedStyleSheets = [SHEET];
    this.frame = document.createElement("iframe");
    this.frame.title = "Backprop Lab";
    root.append(this.frame);
    this.loaded = null; // { hash, query } the frame was last given
    this.win = null; // the embedded page's window once it is up
    this.newReady();
    for (const type of ["step", "epoch"])
      this.frame.addEventListener(`backprop-lab:${type}`, (e) => this.dispatchEvent(new CustomEvent(type, { detail: e.detail })));
    this.frame.addEventListener("backprop-lab:ready", () => {
      this.win = this.frame.contentWindow;
      this.sync(); // attributes changed while the page was loading
      this.resolveReady(this);
      this.dispatchEvent(new CustomEvent("ready"));
    });
  }

  newReady() {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  connectedCallback() {
    // (Re-)inserting an iframe into a document reloads it: a fresh page, a fresh `ready`.
    if (this.loaded) {
      this.win = null;
      this.newReady();
    }
    this.load();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.loaded) return;
    if (this.win) this.sync();
  }

  /** An attribute's value; `controls` defaults to "minimal" (embed.html alone keeps its speed picker). */
  attr(name) {
    return this.getAttribute(name) ?? (name === "controls" ? "minimal" : null);
  }

  /** The attributes as the frame's URL parts. */
  target() {
    const get = (name) => this.attr(name);
    const { options } = readOptions(get);
    return { hash: stateHash(get, options.view), query: optionsQuery(get), options };
  }

  load() {
    const { hash, query } = this.target();
    this.loaded = { hash, query };
    const url = new URL(EMBED_URL);
    url.search = query;
    url.hash = hash;
    this.frame.src = url.href;
  }

  /** Send the current attributes to the running page: options first, then a new state hash. */
  sync() {
    const win = this.liveWindow();
    if (!win) return;
    const { hash, query } = this.target();
    const stateOf = (h) => h.replace(/(^|&)mode=[^&]*/, "");
    if (query !== this.loaded.query || hash !== this.loaded.hash) {
      win.backpropEmbed.setOptions(Object.fromEntries(["view", "controls", "theme", "autoplay"].map((n) => [n, this.attr(n)])));
    }
    // The view alone switches the tab; a state attribute goes through the page's hash, where a new
    // learning rate keeps the network and a new data set, shape or seed builds a new one.
    if (stateOf(hash) !== stateOf(this.loaded.hash)) win.location.hash = hash;
    this.loaded = { hash, query };
  }

  liveWindow() {
    try {
      const win = this.win;
      return win && win.backpropEmbed && win.backpropLab ? win : null;
    } catch {
      return null; // another origin: the frame works, the JS API does not
    }
  }

  // ---- the JS API for slide authors ----------------------------------------------------------
  /** The embedded page's Network handle (the JS API's Network), or null before `ready`. */
  get network() {
    return this.liveWindow()?.backpropLab.net ?? null;
  }

  /** The embedded page's Playground handle (data, training, metrics), or null before `ready`. */
  get playground() {
    return this.liveWindow()?.backpropLab.pg ?? null;
  }

  /** Whether the scene is playing (training, or walking the stepper in view="stepper"). */
  get playing() {
    return this.liveWindow()?.backpropLab.playing ?? false;
  }

  /** The embedded page's commands (docs/JS_API.md, "The page's script API"), or null before `ready`. */
  #commands() {
    return this.liveWindow()?.backpropLab.commands ?? null;
  }

  /** One step: a mini-batch, or the stepper's next phase (dir −1: its previous). Returns whether it stepped. */
  step(dir = 1) {
    return this.#commands()?.step(dir < 0 ? -1 : 1) ?? false;
  }

  play() {
    this.#commands()?.play();
  }

  pause() {
    this.#commands()?.pause();
  }

  /** Back to the seed's initial weights, epoch 0. */
  reset() {
    this.#commands()?.reset();
  }
}

if (!customElements.get("backprop-lab")) customElements.define("backprop-lab", BackpropLabElement);
