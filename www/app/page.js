// The page around the panels: the link → store → session wiring, the messages, the view tabs, and
// the `app` object every panel's mount…(app) receives. main.js boots it; the one loop
// (app/loop.js) runs the panels' frame tasks; app/commands.js routes the page's commands to the
// active tab. All math happens in Rust; the session (app/session.js, opened by main.js) owns
// every wasm handle and is the page's only way to the wasm module.

import { makeTable, Store, fitActivations, playgroundConfig, settleValues, HIDE_GROUPS, PRESENTER_HIDES } from "./store.js";
import { decodeHash, validateValue, summarizeNotices } from "../lib/hash.js";
import { Loop } from "./loop.js";
import { Commands } from "./commands.js";
import { installKeys } from "./keys.js";
import { ModeTabs } from "./modes.js";

/**
 * Build the page's app around its session (app/session.js: openSession()).
 * @param {{ session: import("./session.js").Session }} core
 */
export function createApp({ session }) {
  const $ = (id) => document.getElementById(id);
  const wasm = session.wasm;
  const D = session.defaults();
  const N = session.names();
  const table = makeTable(D, N, session.limits());
  const DEFAULT_VALUES = fitActivations(decodeHash("", table).values, D.activation);

  /** The core's message for a set of store values it refuses, or null (the session builds and frees a small Playground). */
  const refusal = (values) => session.refusal(playgroundConfig(values, 2));

  /**
   * What a link asks for, less each part the table or the core refuses: { values, notices }, a
   * notice naming every part left out (the rest of the link still applies). Never throws.
   */
  function readLink(hash) {
    const { values, given, notices } = decodeHash(hash, table);
    const settled = settleValues(fitActivations(values, D.activation), DEFAULT_VALUES, given, refusal, table, D.activation);
    return { values: settled.values, notices: [...notices, ...settled.notices] };
  }

  const link = readLink(location.hash);
  const store = new Store(table, link.values);
  const notices = link.notices;
  const loop = new Loop();
  const commands = new Commands(loop, store);
  const training = () => loop.playingView === "playground";

  // ---- messages -----------------------------------------------------------------------------
  function showError(e) {
    const msg = e instanceof Error ? e.message : String(e);
    $("error").textContent = `⚠ ${msg}`;
    $("error").hidden = false;
    setPlaying(false);
  }
  function clearError() {
    $("error").hidden = true;
    $("error").textContent = "";
  }
  let shownNotices = [];
  function showNotices(list) {
    shownNotices = [...list];
    $("notice-text").textContent = list.join(" · ");
    $("notice").hidden = list.length === 0;
  }
  /** One more notice beside those shown (unless it is shown already). */
  function addNotice(text) {
    const now = $("notice").hidden ? [] : shownNotices;
    if (!now.includes(text)) showNotices([...now, text]);
  }
  $("notice-close").addEventListener("click", () => showNotices([]));

  /** Run a wasm call; show its Error (and pause) instead of throwing. Returns success. */
  function guard(f) {
    try {
      f();
      return true;
    } catch (e) {
      showError(e);
      loop.needEval = true;
      return false;
    }
  }

  // ---- state changes ------------------------------------------------------------------------
  const LABELS = Object.fromEntries(table.map((r) => [r.field, r.label]));

  /** Apply a patch from a control: check it with the hash table, then hand it to Rust. */
  function change(patch) {
    if ("activationAll" in patch) patch = { activations: store.get("activations").map(() => patch.activationAll) };
    const fields = Object.keys(patch);
    const next = fitActivations({ ...store.values, ...patch }, D.activation);
    if ("hidden" in patch) patch = { ...patch, activations: next.activations };
    for (const f of fields) {
      // Not a number at all (a typed "1,000.5"): say so, before any range the field has.
      const nan = typeof next[f] === "number" && !Number.isFinite(next[f]);
      const problem = nan ? "must be a number (e.g. 0.03 or 0,03)" : validateValue(table.find((r) => r.field === f), next[f]);
      if (problem) {
        app.markInvalid(fields, true);
        showError(`${LABELS[f]} ${problem} — kept ${JSON.stringify(store.get(f))}`);
        return;
      }
    }
    try {
      const rebuilt = session.apply(patch, next, configOf(next));
      if (rebuilt) afterRebuild();
    } catch (e) {
      app.markInvalid(fields, true);
      showError(e);
      return;
    }
    app.markInvalid(fields, false);
    clearError();
    store.set(patch);
    loop.invalidate();
    for (const f of app.onChange) f(patch);
  }

  function configOf(values) {
    return playgroundConfig(values, D.gridResolution);
  }

  function afterRebuild() {
    loop.invalidate();
    for (const f of app.onRebuild) f();
  }

  /** The playground's training on or off (the header's Play; a drag, an error or a load stops it). */
  function setPlaying(p) {
    if (p) commands.play("playground");
    else if (training()) commands.pause();
  }

  // The view tabs show the store's mode as soon as it changes (the layout follows before the
  // next frame measures it).
  const modeTabs = new ModeTabs($("modes"), (mode) => commands.setMode(mode));
  // Presenter mode and hide=…: a body class per hidden control group (the stylesheet hides it).
  function showControls() {
    const hidden = new Set([...store.get("hide"), ...(store.get("presenter") ? PRESENTER_HIDES : [])]);
    for (const g of HIDE_GROUPS) document.body.classList.toggle(`hide-${g}`, hidden.has(g));
    $("presenter")?.setAttribute("aria-pressed", String(store.get("presenter")));
  }
  $("presenter")?.addEventListener("click", () => change({ presenter: !store.get("presenter") }));
  store.subscribe(() => {
    showControls();
    modeTabs.render(store.get("mode"));
    history.replaceState(null, "", `#${store.toHash()}`);
  });
  window.addEventListener("hashchange", () => {
    try {
      const { values, notices: bad } = readLink(location.hash);
      showNotices(summarizeNotices(bad));
      // Apply only what the new hash changes: a new learning rate keeps the trained network, a new
      // data set or shape builds a new one (a slide changing one attribute loses nothing else).
      const patch = Object.fromEntries(Object.entries(values).filter(([f, v]) => JSON.stringify(v) !== JSON.stringify(store.get(f))));
      if ("mode" in patch) {
        commands.setMode(patch.mode);
        delete patch.mode;
      }
      if (Object.keys(patch).length) change(patch);
    } catch (e) {
      showError(e);
    }
    // The address shows the state in use, without the parts that were left out.
    history.replaceState(null, "", `#${store.toHash()}`);
  });

  // ---- the app every panel mounts on ----------------------------------------------------------
  // Each view (playground, backprop stepper, cost surface, digits, …) is a module exporting
  // mount…(app) that registers its hooks here, its commands with app.commands and its drawing
  // with app.loop.onFrame; main.js calls each mount once, the playground's first (its views are
  // app.views, which the other tabs draw on).
  const app = {
    session, store, wasm, table, defaults: D, names: N, loop, commands,
    views: {},
    guard, showError, clearError, showNotices, addNotice, change,
    /** Parameters changed outside training (a drag, a nudge): re-evaluate and redraw. */
    invalidate: () => loop.invalidate(),
    redraw: () => loop.redraw(),
    setPlaying,
    /** Whether the playground trains (its Play is on, in whichever tab). */
    get playing() {
      return training();
    },
    /** Mark the controls of `fields` as refused (true) or accepted (false): the playground's controls set it. */
    markInvalid: () => {},
    onChange: [], // (patch) a control's patch was applied
    onRebuild: [], // () after a new Playground (data or shape) replaces the old one
    onFrame: [], // ({ now, gridFresh, playing }) every frame something was drawn
    onSelect: [], // (param) a click on a weight { kind: "weight", l, j, k } or a neuron { kind: "bias", l, j }
    onHoverNeuron: [], // ({ l, j }) the pointer moved onto a neuron of the network view

    /** Build the link's playground and start the loop and the keys (after every panel is mounted). */
    start() {
      try {
        session.build(configOf(store.values));
      } catch (e) {
        // readLink left out every setting the core refused, so this is a last resort (the full-size
        // grid could not be allocated, say): Rust's defaults, and a notice saying so.
        notices.push(`Could not use the link's settings (${e.message}) — using the defaults`);
        store.set(DEFAULT_VALUES);
        session.build(configOf(store.values));
      }
      modeTabs.render(store.get("mode"));
      showControls();
      afterRebuild();
      showNotices(summarizeNotices(notices));
      history.replaceState(null, "", `#${store.toHash()}`);
      // After every panel's own task: the hooks of a frame that drew something.
      loop.onFrame((f) => {
        if (f.dirty) for (const hook of app.onFrame) hook({ now: f.now, gridFresh: Boolean(f.gridFresh), playing: training() });
      });
      installKeys(window, commands);
      loop.start();
    },
  };
  return app;
}

/**
 * The page's script API, window.backpropLab (docs/JS_API.md, "The page's script API"): the
 * commands and the state a script or a test reads. Stable: commands, mode, playing,
 * playingView, pg, net, state. For tests and tools (may change): app, views, wasm, frameWork.
 */
export function scriptApi(app) {
  const c = app.commands;
  return {
    commands: {
      play: () => c.play(),
      pause: () => c.pause(),
      toggle: () => c.toggle(),
      step: (dir = 1) => c.step(dir),
      reset: () => c.reset(),
      setMode: (mode) => c.setMode(mode),
    },
    get mode() {
      return c.mode;
    },
    get playing() {
      return c.playing;
    },
    get playingView() {
      return c.playingView;
    },
    get pg() {
      return app.session.pg;
    },
    get net() {
      return app.session.net;
    },
    state: app.store,
    wasm: app.wasm,
    views: app.views,
    app,
    frameWork: app.loop.frameWork,
  };
}
