// The Backprop tab: one training example walked through the core's Stepper, phase by phase,
// on the network the playground trains. The Stepper and the JS API compute every number;
// panel.js shows them, overlay.js draws them on the network view. A Walk holds the tab's state
// (the stepper, the example, the chosen parameter); mountBackprop(app), which main.js calls
// once, wires it to the panel, the page's hooks, the loop and the commands (app/commands.js:
// step ±1 moves a phase, play walks forward on a timer, reset resets the playground's network;
// the keys are app/keys.js's).

import { weightIndex, weightRow } from "../lib/layout.js";
import { BackpropPanel } from "./panel.js";
import { BackpropOverlay } from "./overlay.js";

/** Whether the student asked the system for less motion (prefers-reduced-motion: reduce). */
const reducedMotion = () => globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
import { ExamplePicker } from "./picker.js";

/** The name the session holds this tab's stepper under (app/session.js builds and frees it). */
const STEPPER = "backprop";

const MODE = "backprop";
const TOUR_MS = 900; // one phase per 0.9 s while the walk plays
const STALE = "The network changed under this walk (a weight was dragged or a training step ran), so it started again at Start on the new weights.";

/** Copies of what the stepper has computed so far (null where a step has not run yet). */
export function snapshot(s, net, model, trainer = null) {
  const { L, sizes } = model;
  const get = (f) => {
    try {
      return Array.from(f());
    } catch {
      return null;
    }
  };
  const { phase, layer } = s.phase();
  const st = {
    phase, layer, L, sizes, phases: s.phases(), activations: model.activations, costName: net.costName(),
    x: Array.from(s.x()), y: Array.from(s.y()), eta: s.learningRate(),
    a: [], z: [null], fprime: [null], delta: [null], dw: [null], db: [null], da: [],
    costValue: null, costTerms: get(() => s.costTerms()), costAfter: null, trainer,
  };
  for (let l = 0; l <= L; l++) {
    st.a.push(get(() => s.a(l)));
    st.da.push(get(() => s.activationGradient(l)));
    if (l === 0) continue;
    st.z.push(get(() => s.z(l)));
    st.fprime.push(get(() => s.derivative(l)));
    st.delta.push(get(() => s.delta(l)));
    st.dw.push(get(() => s.weightGradient(l)));
    st.db.push(get(() => s.biasGradient(l)));
  }
  try {
    st.costValue = s.cost();
  } catch {
    /* before the cost step */
  }
  // After the update, C₀ of the same example at the new parameters (a forward pass in the core).
  if (phase === "update" || phase === "done") st.costAfter = net.cost(s.x(), s.y());
  return st;
}

/** The Backprop tab's state and what changes it; the views it draws into come from mountBackprop. */
class Walk {
  constructor(app, panel, overlay, isOn) {
    this.app = app;
    this.panel = panel;
    this.overlay = overlay;
    this.isOn = isOn;
    this.view = app.views.network;
    this.stepper = null;
    this.eta = null; // η (the store's setting) the stepper was built with
    this.example = 0;
    this.param = null; // { kind, l, j, k }
    this.eps = 0.01;
    this.focus = null; // { l, j } whose z-sum is shown
    this.state = null;
    this.selection = [];
    this.wasOn = false;
    this.picker = null;
    this.batch = null;
  }

  model() {
    return this.app.session.model;
  }

  count() {
    return this.app.session.pg.trainPoints().length / 3;
  }

  /**
   * A fresh stepper at Start for the chosen example with the page's learning rate; `notice`
   * says why when the page (not the student) started the walk again.
   */
  restart(notice = "") {
    const { app, panel } = this;
    panel.renderNotice(notice);
    app.session.drop(STEPPER);
    this.stepper = null;
    const n = this.count();
    if (n === 0) return;
    this.example = ((this.example % n) + n) % n;
    const { xs, ys } = app.session.trainingExamples(new Uint32Array([this.example]));
    const eta = app.store.get("learningRate");
    if (!app.guard(() => (this.stepper = app.session.stepper(STEPPER, app.session.net, xs, ys, eta)))) return;
    this.eta = eta; // the setting this walk was built with: a new η restarts it
    this.overlay.anim = null;
    panel.renderExample(this.example, n, Array.from(xs), Array.from(ys), app.session.features());
    this.refresh();
    this.checks();
  }

  setExample(i) {
    this.example = Number.isInteger(i) ? i : 0;
    this.restart();
  }

  setParam(p) {
    const { sizes } = this.model();
    const L = sizes.length - 1;
    const l = Math.min(Math.max(1, p.l | 0), L);
    const j = Math.min(Math.max(0, p.j | 0), sizes[l] - 1);
    const k = Math.min(Math.max(0, p.k | 0), sizes[l - 1] - 1);
    this.param = p.kind === "bias" ? { kind: "bias", l, j } : { kind: "weight", l, j, k };
    this.focus = { l, j };
    this.selection = [this.param];
    if (this.isOn()) this.view.selected = this.selection;
    this.panel.renderPicker(this.param, sizes);
    this.renderChain();
    this.renderZ();
    this.checks();
    this.app.redraw();
  }

  setEps(eps) {
    const field = document.getElementById("bp-eps");
    const bad = !Number.isFinite(eps) || eps === 0;
    field.setAttribute("aria-invalid", String(bad));
    if (bad) return this.panel.renderNudge(new Error(`ε must be a number other than 0, e.g. 0.01 — still nudging by ${this.eps}`), this.eps, this.param);
    this.eps = eps;
    this.checks();
  }

  /** The network changed under the walk (a drag, a training step): start again, saying so. */
  restartIfStale() {
    if (!this.stepper || !this.stepper.isStale()) return false;
    this.restart(STALE);
    return true;
  }

  /** One step forward (+1) or back (−1); the update animates its weights. Returns whether it moved. */
  step(dir, render = true) {
    if (this.restartIfStale()) return true;
    const s = this.stepper;
    if (!s) return false;
    if (render) this.panel.renderNotice("");
    const before = s.phase();
    if (dir > 0 && before.phase === "done") return false;
    if (dir < 0 && before.phase === "start") return false;
    const { L } = this.model();
    const from = dir > 0 && before.phase === "backward" && before.layer === 1
      ? Array.from({ length: L + 1 }, (_, l) => (l ? Float32Array.from(this.model().weights(l)) : null))
      : null;
    if (!this.app.guard(() => (dir > 0 ? s.next() : s.prev()))) return false;
    const now = s.phase().phase;
    // Under prefers-reduced-motion the update is an instant change, not a 0.7 s tween.
    if (from && !reducedMotion()) this.overlay.anim = { from, t0: performance.now() };
    if (now === "update" || before.phase === "update") {
      this.app.invalidate(); // the parameters changed: the playground's pictures and metrics follow
    }
    if (render) this.refresh();
    return true;
  }

  /** Every remaining phase at once (up to 64), then one refresh. */
  run() {
    if (this.restartIfStale()) return;
    this.panel.renderNotice("");
    const s = this.stepper;
    for (let n = 0; s && n < 64 && s.phase().phase !== "done"; n++) this.step(1, false);
    this.refresh();
  }

  /** One tick of the walk while it plays: the next phase, or Start again after Done. */
  tour() {
    if (this.state && this.state.phase === "done") this.restart();
    else this.step(1);
  }

  /** Read the stepper once and show it everywhere (a few small copies: instant). */
  refresh() {
    if (!this.stepper) return;
    const get = (k) => this.app.store.get(k);
    const trainer = { optimizer: get("optimizer"), regularization: get("regularization"), regularizationRate: get("regularizationRate") };
    this.state = snapshot(this.stepper, this.app.session.net, this.model(), trainer);
    this.overlay.state = this.state;
    this.panel.render(this.state);
    this.renderChain();
    this.renderZ();
    this.checks(); // the nudge check waits for its backward step; after the update both stay on the walk's network
    this.app.redraw();
  }

  renderChain() {
    const st = this.state, p = this.param;
    if (!st || !p) return;
    const { l, j, k } = p;
    const at = (arr, i) => (arr && arr[i] !== undefined ? arr[i] : null);
    const n = st.sizes[l - 1];
    const softmax = st.activations[l] === "softmax";
    const v = {
      aPrev: at(st.a[l - 1], k),
      fprime: at(st.fprime[l], j),
      dCda: at(st.da[l], j),
      delta: at(st.delta[l], j),
      grad: p.kind === "weight" ? at(st.dw[l], weightIndex(n, j, k)) : at(st.db[l], j),
    };
    let hidden = null;
    if (l < st.L) {
      let terms = null;
      try {
        terms = this.stepper.chainTerms(l, j);
      } catch {
        /* not computed yet: "?" */
      }
      hidden = { n: st.sizes[l + 1], terms, softmax: st.activations[l + 1] === "softmax", act: st.activations[l + 1] };
    }
    this.panel.renderChain(p, v, { softmax, act: st.activations[l], hidden });
  }

  renderZ() {
    const st = this.state, f = this.focus;
    if (!st || !f || f.l < 1 || !st.z[f.l]) return this.panel.renderZ(0, 0, null);
    const { l, j } = f;
    const n = st.sizes[l - 1];
    // The weights the forward step used: after the update, the network holds new ones.
    if (st.phase === "update" || st.phase === "done") return this.panel.renderZ(0, 0, null);
    const W = this.model().weights(l), b = this.model().biases(l);
    this.panel.renderZ(l, j, {
      w: Array.from(weightRow(W, n, j)), aPrev: st.a[l - 1], b: b[j],
      z: st.z[l][j], a: st.a[l][j], act: st.activations[l],
    });
  }

  /**
   * The nudge check and the mini-batch table of the chosen parameter (core calls on demand),
   * both on the walk's network: the parameters its forward and backward steps used.
   */
  checks() {
    const s = this.stepper, p = this.param, panel = this.panel;
    if (!s || !p) return;
    const args = [p.kind, p.l, p.j, p.k ?? 0];
    try {
      panel.renderNudge(s.nudge(...args, this.eps), this.eps, p);
    } catch (e) {
      // Before the backward step of p's layer the core has no ∂C₀/∂p yet (its message says so).
      panel.renderNudge(e, this.eps, p, { pending: this.state?.dw[p.l] === null });
    }
    const indices = Array.from(this.app.session.pg.nextBatch()); // what Step trains on next
    this.batch = indices;
    const phase = s.phase().phase;
    try {
      const { xs, ys } = this.app.session.trainingExamples(new Uint32Array(indices));
      panel.renderBatch(s.exampleGradients(xs, ys, ...args), indices, { walk: phase === "update" || phase === "done" });
    } catch (e) {
      panel.renderBatch(e, indices);
    }
  }

  defaultParam() {
    const { sizes } = this.model();
    return { kind: "weight", l: sizes.length - 1, j: 0, k: 0 };
  }

  /** The tab was opened (or the playground rebuilt while it is open). */
  enter() {
    this.app.setPlaying(false);
    this.picker.setModel(this.app.session); // points may have been added in the Playground tab
    if (!this.param) this.param = this.defaultParam();
    this.restart();
    this.setParam(this.param);
  }

  /** The playground was rebuilt: a new walk when the tab is open, none otherwise. */
  rebuilt() {
    this.picker.setModel(this.app.session);
    this.param = null;
    if (this.isOn()) this.enter();
    else if (this.stepper) {
      this.app.session.drop(STEPPER);
      this.stepper = null;
    }
  }
}

export function mountBackprop(app) {
  const root = document.getElementById("backprop-panel");
  if (!root) return null;
  const isOn = () => app.store.get("mode") === MODE;
  const view = app.views.network;
  const overlay = new BackpropOverlay(isOn);
  overlay.onTick = () => app.redraw();
  view.overlay = overlay;

  let walk = null;
  const pauseWalk = () => app.loop.playingView === MODE && app.commands.pause();
  const panel = new BackpropPanel(root, {
    onStep: (dir) => {
      pauseWalk();
      walk.step(dir);
    },
    onRun: () => {
      pauseWalk();
      walk.run();
    },
    onRestart: () => walk.restart(),
    onExample: (i) => walk.setExample(i),
    onNextExample: () => walk.setExample(walk.example + 1),
    onParam: (p) => walk.setParam(p),
    onEps: (eps) => walk.setEps(eps),
    onFocusNeuron: (l, j) => {
      walk.focus = { l, j };
      walk.renderZ();
    },
  });
  walk = new Walk(app, panel, overlay, isOn);
  // Pick the example by clicking a training point on a small copy of the output plot.
  walk.picker = new ExamplePicker(root.querySelector(".bp-picker-slot"), (i) => walk.setExample(i));

  // The commands in this tab: a step is a phase, play walks forward on a timer (Start again
  // after Done, what a step-through slide wants), reset is the playground's (the seed's weights).
  let tourAt = 0;
  app.commands.register(MODE, [MODE], {
    play: () => {
      tourAt = performance.now(); // the first phase after TOUR_MS (a walk not begun yet begins by then)
      return true;
    },
    step: (dir) => walk.step(dir),
    reset: () => app.commands.entry("playground").handler.reset(),
  });
  app.loop.onFrame(({ now }) => {
    if (app.loop.playingView !== MODE || !isOn() || now - tourAt < TOUR_MS) return;
    tourAt = now;
    walk.tour();
  });

  app.onRebuild.push(() => walk.rebuilt());

  // Hovering a neuron of the network shows its z = Σ w·a + b with the actual terms.
  app.onHoverNeuron.push(({ l, j }) => {
    if (!isOn() || l < 1) return;
    walk.focus = { l, j };
    walk.renderZ();
  });

  app.onSelect.push((p) => {
    if (isOn()) walk.setParam(p);
  });

  // Drawn frames: the tab opened or closed, or the walk went stale. What follows changes what
  // is drawn, so it runs at the start of the next frame.
  app.onFrame.push(({ gridFresh }) => {
    const on = isOn();
    if (on) walk.picker.render(walk.example, gridFresh);
    if (on && !walk.wasOn) app.loop.nextFrame(() => walk.enter());
    if (!on && walk.wasOn && view.selected === walk.selection) {
      view.selected = [];
      app.redraw();
    }
    walk.wasOn = on;
    if (!on || !walk.stepper) return;
    // Training, a drag or the header's Step changed the parameters under the walk, or η changed:
    // the shown step is stale, so begin again at Start and say why.
    if (walk.stepper.isStale()) app.loop.nextFrame(() => walk.restartIfStale());
    else if (walk.eta !== app.store.get("learningRate"))
      app.loop.nextFrame(() => walk.restart("The learning rate η changed, so the walk started again at Start with the new η."));
  });

  app.backprop = walk; // read by the browser tests through window.backpropLab.app
  return walk;
}
