// The Backprop tab: one training example walked through the core's Stepper, phase by phase,
// on the network the playground trains. Wiring only: the Stepper and the JS API compute every
// number; backprop-panel.js shows them, backprop-overlay.js draws them on the network view.
// main.js calls mountBackprop(app) once.

import { Stepper, trainingExamples } from "../pkg/backprop_lab.js";
import { BackpropPanel } from "./panel.js";
import { BackpropOverlay } from "./overlay.js";
import { ExamplePicker } from "./picker.js";

const MODE = "backprop";
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
    phase, layer, L, sizes, activations: model.activations, costName: net.costName(),
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

export function mountBackprop(app) {
  const root = document.getElementById("backprop-panel");
  if (!root) return null;
  const isOn = () => app.store.get("mode") === MODE;
  const view = app.views.network;
  const overlay = new BackpropOverlay(isOn);
  overlay.onTick = () => app.redraw();
  view.overlay = overlay;

  const bp = {
    stepper: null,
    example: 0,
    param: null, // { kind, l, j, k }
    eps: 0.01,
    focus: null, // { l, j } whose z-sum is shown
    state: null,
    overlay,
    selection: [],
    wasOn: false,
  };

  const panel = new BackpropPanel(root, {
    onStep: (dir) => step(dir),
    onRun: () => {
      if (restartIfStale()) return;
      panel.renderNotice("");
      const s = bp.stepper;
      for (let n = 0; s && n < 64 && s.phase().phase !== "done"; n++) step(1, false);
      refresh();
    },
    onRestart: () => restart(),
    onExample: (i) => setExample(i),
    onNextExample: () => setExample(bp.example + 1),
    onParam: (p) => setParam(p),
    onEps: (eps) => {
      const field = document.getElementById("bp-eps");
      const bad = !Number.isFinite(eps) || eps === 0;
      field.setAttribute("aria-invalid", String(bad));
      if (bad) return panel.renderNudge(new Error(`ε must be a number other than 0, e.g. 0.01 — still nudging by ${bp.eps}`), bp.eps, bp.param);
      bp.eps = eps;
      checks();
    },
    onFocusNeuron: (l, j) => {
      bp.focus = { l, j };
      renderZ();
    },
  });

  // Pick the example by clicking a training point on a small copy of the output plot.
  const picker = new ExamplePicker(root.querySelector(".bp-example"), (i) => setExample(i));
  bp.picker = picker;

  const model = () => app.session.model;
  const count = () => app.session.pg.trainPoints().length / 3;

  /**
   * A fresh stepper at Start for the chosen example with the page's learning rate; `notice`
   * says why when the page (not the student) started the walk again.
   */
  function restart(notice = "") {
    panel.renderNotice(notice);
    if (bp.stepper) bp.stepper.free();
    bp.stepper = null;
    const n = count();
    if (n === 0) return;
    bp.example = ((bp.example % n) + n) % n;
    const { xs, ys } = trainingExamples(app.session.net, new Uint32Array([bp.example]));
    if (!app.guard(() => (bp.stepper = new Stepper(app.session.net, xs, ys, app.store.get("learningRate"))))) return;
    overlay.anim = null;
    panel.renderExample(bp.example, n, Array.from(xs), Array.from(ys));
    refresh();
    checks();
  }

  function setExample(i) {
    bp.example = Number.isInteger(i) ? i : 0;
    restart();
  }

  function setParam(p) {
    const { sizes } = model();
    const L = sizes.length - 1;
    const l = Math.min(Math.max(1, p.l | 0), L);
    const j = Math.min(Math.max(0, p.j | 0), sizes[l] - 1);
    const k = Math.min(Math.max(0, p.k | 0), sizes[l - 1] - 1);
    bp.param = p.kind === "bias" ? { kind: "bias", l, j } : { kind: "weight", l, j, k };
    bp.focus = { l, j };
    bp.selection = [bp.param];
    if (isOn()) view.selected = bp.selection;
    panel.renderPicker(bp.param, sizes);
    renderChain();
    renderZ();
    checks();
    app.redraw();
  }

  /** The network changed under the walk (a drag, a training step): start again, saying so. */
  function restartIfStale() {
    if (!bp.stepper || !bp.stepper.isStale()) return false;
    restart(STALE);
    return true;
  }

  /** One step forward (+1) or back (−1); the update animates its weights. */
  function step(dir, render = true) {
    if (restartIfStale()) return;
    const s = bp.stepper;
    if (!s) return;
    if (render) panel.renderNotice("");
    const before = s.phase();
    if (dir > 0 && before.phase === "done") return;
    if (dir < 0 && before.phase === "start") return;
    const { L } = model();
    const from = dir > 0 && before.phase === "backward" && before.layer === 1
      ? Array.from({ length: L + 1 }, (_, l) => (l ? Float32Array.from(model().weights(l)) : null))
      : null;
    if (!app.guard(() => (dir > 0 ? s.next() : s.prev()))) return;
    const now = s.phase().phase;
    if (from) overlay.anim = { from, t0: performance.now() };
    if (now === "update" || before.phase === "update") {
      app.invalidate(); // the parameters changed: the playground's pictures and metrics follow
    }
    if (render) refresh();
  }

  /** Read the stepper once and show it everywhere (a few small copies: instant). */
  function refresh() {
    if (!bp.stepper) return;
    const get = (k) => app.store.get(k);
    const trainer = { optimizer: get("optimizer"), regularization: get("regularization"), regularizationRate: get("regularizationRate") };
    bp.state = snapshot(bp.stepper, app.session.net, model(), trainer);
    overlay.state = bp.state;
    panel.render(bp.state);
    renderChain();
    renderZ();
    checks(); // the nudge check waits for its backward step; after the update both stay on the walk's network
    app.redraw();
  }

  function renderChain() {
    const st = bp.state, p = bp.param;
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
      grad: p.kind === "weight" ? at(st.dw[l], j * n + k) : at(st.db[l], j),
    };
    let hidden = null;
    if (l < st.L) {
      let terms = null;
      try {
        terms = bp.stepper.chainTerms(l, j);
      } catch {
        /* not computed yet: "?" */
      }
      hidden = { n: st.sizes[l + 1], terms, softmax: st.activations[l + 1] === "softmax", act: st.activations[l + 1] };
    }
    panel.renderChain(p, v, { softmax, act: st.activations[l], hidden });
  }

  function renderZ() {
    const st = bp.state, f = bp.focus;
    if (!st || !f || f.l < 1 || !st.z[f.l]) return panel.renderZ(0, 0, null);
    const { l, j } = f;
    const n = st.sizes[l - 1];
    // The weights the forward step used: after the update, the network holds new ones.
    if (st.phase === "update" || st.phase === "done") return panel.renderZ(0, 0, null);
    const W = model().weights(l), b = model().biases(l);
    panel.renderZ(l, j, {
      w: Array.from(W.subarray(j * n, j * n + n)), aPrev: st.a[l - 1], b: b[j],
      z: st.z[l][j], a: st.a[l][j], act: st.activations[l],
    });
  }

  /**
   * The nudge check and the mini-batch table of the chosen parameter (core calls on demand),
   * both on the walk's network: the parameters its forward and backward steps used.
   */
  function checks() {
    const s = bp.stepper, p = bp.param;
    if (!s || !p) return;
    const args = [p.kind, p.l, p.j, p.k ?? 0];
    try {
      panel.renderNudge(s.nudge(...args, bp.eps), bp.eps, p);
    } catch (e) {
      // Before the backward step of p's layer the core has no ∂C₀/∂p yet (its message says so).
      panel.renderNudge(e, bp.eps, p, { pending: bp.state?.dw[p.l] === null });
    }
    const indices = Array.from(app.session.pg.nextBatch()); // what Step trains on next
    bp.batch = indices;
    const phase = s.phase().phase;
    try {
      const { xs, ys } = trainingExamples(app.session.net, new Uint32Array(indices));
      panel.renderBatch(s.exampleGradients(xs, ys, ...args), indices, { walk: phase === "update" || phase === "done" });
    } catch (e) {
      panel.renderBatch(e, indices);
    }
  }

  function defaultParam() {
    const { sizes } = model();
    return { kind: "weight", l: sizes.length - 1, j: 0, k: 0 };
  }

  app.onRebuild.push(() => {
    picker.setModel(app.session);
    bp.param = null;
    if (isOn()) enter();
    else if (bp.stepper) {
      bp.stepper.free();
      bp.stepper = null;
    }
  });

  // Hovering a neuron of the network shows its z = Σ w·a + b with the actual terms.
  app.onHoverNeuron.push(({ l, j }) => {
    if (!isOn() || l < 1) return;
    bp.focus = { l, j };
    renderZ();
  });

  app.onSelect.push((p) => {
    if (isOn()) setParam(p);
  });

  function enter() {
    app.setPlaying(false);
    picker.setModel(app.session); // points may have been added in the Playground tab
    if (!bp.param) bp.param = defaultParam();
    restart();
    setParam(bp.param);
  }

  app.onFrame.push(({ playing, gridFresh }) => {
    const on = isOn();
    if (on) picker.render(bp.example, gridFresh);
    if (on && !bp.wasOn) requestAnimationFrame(enter);
    if (!on && bp.wasOn && view.selected === bp.selection) {
      view.selected = [];
      requestAnimationFrame(() => app.redraw());
    }
    bp.wasOn = on;
    if (!on || !bp.stepper) return;
    // Training, a drag or the header's Step changed the parameters under the walk, or η changed:
    // the shown step is stale, so begin again at Start and say why.
    if (bp.stepper.isStale()) requestAnimationFrame(() => restartIfStale());
    else if (bp.stepper.learningRate() !== Math.fround(app.store.get("learningRate")))
      requestAnimationFrame(() => restart("The learning rate η changed, so the walk started again at Start with the new η."));
  });

  // → / ← step while the Backprop tab is on, unless focus is in a text field, a select or the tabs.
  window.addEventListener(
    "keydown",
    (e) => {
      if (!isOn() || (e.key !== "ArrowRight" && e.key !== "ArrowLeft") || e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
      if (t instanceof HTMLElement && (t.isContentEditable || t.getAttribute("role") === "tab")) return;
      e.preventDefault();
      e.stopPropagation(); // main.js's → would train a mini-batch
      step(e.key === "ArrowRight" ? 1 : -1);
    },
    true,
  );

  app.backprop = bp; // read by the browser tests through window.backpropLab.app
  return bp;
}
