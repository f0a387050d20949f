// Lesson scene kind "edge": one first-layer neuron whose 784 weights are set by hand to an edge
// detector — positive along a short stroke in one region, negative around it — drawn as a
// 28 × 28 image, and its activation a = σ(w · a⁽⁰⁾ + b) as the student draws. The scene's
// `pattern` is the weights as 28 rows of 28 characters ("+": `weight`, "-": −`weight`, any
// other: 0), so a teacher draws another detector in the data file; `bias` is its bias. The
// drawing is shrunk to 28 × 28 where it was drawn (the core's downsampleDigit: no centring, the
// place is what the neuron looks at); z and a are the core's forward pass.

import { fmtNum, sym, decimals } from "../lib/notation.js";
import { DrawPad } from "../widgets/draw-pad.js";
import { paintSigned } from "../widgets/signed-image.js";
import { NET } from "./scene-net.js";

/** The 784 weights a 28 × 28 character pattern spells ("+" → w, "-" → −w, else 0). */
export function patternWeights(pattern, weight) {
  if (!Array.isArray(pattern) || pattern.length !== 28 || pattern.some((r) => typeof r !== "string" || r.length !== 28)) {
    throw new Error("an edge scene's pattern must be 28 rows of 28 characters");
  }
  return Float32Array.from(pattern.join(""), (c) => (c === "+" ? weight : c === "-" ? -weight : 0));
}

export class EdgeScene {
  /** The scene takes the tab's full width, its text above it (mode.js). */
  static wide = true;

  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    root.innerHTML = `
      <div class="ls-edge">
        <div class="ls-input">
          <canvas class="ls-pad" aria-label="Draw here: the neuron looks at one region"></canvas>
          <canvas class="ls-pad-preview" aria-label="The 28 by 28 input the neuron sees"></canvas>
          <div class="ls-buttons">
            <button type="button" data-act="clear">Clear</button>
            <button type="button" data-act="edge">Draw the edge it looks for</button>
            <button type="button" data-act="lower">The same stroke lower</button>
            <button type="button" data-act="vertical">A vertical stroke</button>
          </div>
        </div>
        <div class="ls-panels">
          <section class="ls-panel"><h3>Its 784 weights ${sym("w", 1, 0, "k")}</h3>
            <canvas class="ls-weight-big" aria-label="The neuron's weights: blue positive, red negative"></canvas>
            <p class="ls-dims">Blue: +${fmtNum(scene.weight)} (ink there raises z); red: −${fmtNum(scene.weight)} (ink there lowers it); black: 0.</p></section>
          <section class="ls-panel"><h3>The neuron</h3>
            <p class="ls-total" aria-live="polite"></p>
            <meter class="ls-meter" min="0" max="1" value="0" aria-label="The neuron's activation"></meter></section>
        </div>
        <p class="error" role="alert" hidden></p>
      </div>`;
    this.$ = (sel) => root.querySelector(sel);
    this.error = this.$(".error");
    this.readout = this.$(".ls-total");
    this.meter = this.$(".ls-meter");
    this.net = session.network(NET, scene.network);
    session.setParameters(this.net, [patternWeights(scene.pattern, scene.weight)], [[scene.bias]]);
    paintSigned(this.$(".ls-weight-big"), session.parameters(this.net).weights[0]);
    this.pad = new DrawPad(this.$(".ls-pad"), this.$(".ls-pad-preview"), { onChange: () => this.update() });
    this.$(".ls-buttons").addEventListener("click", (e) => {
      const act = e.target.closest("button")?.dataset.act;
      if (act === "clear") this.pad.clear();
      if (act === "edge") this.drawCells(this.edgeCells());
      if (act === "lower") this.drawCells(this.edgeCells().map(([r, k]) => [r + 8, k]));
      if (act === "vertical") this.drawCells(this.verticalCells());
    });
    session.extras().then(
      (x) => {
        this.x = x;
        this.update();
      },
      (e) => this.fail(`could not load the extras module: ${e.message}`),
    );
    this.update();
  }

  /** The pattern's "+" cells as [row, column]. */
  edgeCells() {
    const cells = [];
    this.scene.pattern.forEach((row, r) => [...row].forEach((c, k) => c === "+" && cells.push([r, k])));
    return cells;
  }

  /** A vertical stroke through the middle of the "+" cells, from above them to below. */
  verticalCells() {
    const cells = this.edgeCells();
    const k = Math.round(cells.reduce((s, [, c]) => s + c, 0) / cells.length);
    const rows = cells.map(([r]) => r);
    const out = [];
    for (let r = Math.max(0, Math.min(...rows) - 6); r <= Math.min(27, Math.max(...rows) + 6); r++) out.push([r, k]);
    return out;
  }

  /** Ink on the pad over these cells, as a pen would put it there (the buttons' way to draw). */
  drawCells(cells) {
    this.pad.clear(false);
    const ten = this.pad.size / 28;
    for (const [r, k] of cells) {
      const p = { x: (k + 0.5) * ten, y: (r + 0.5) * ten };
      this.pad.stroke(p, p);
    }
  }

  update() {
    if (!this.x) {
      this.readout.textContent = "Loading…";
      return;
    }
    try {
      const x = new Float32Array(this.x.downsampleDigit(this.pad.image(), this.pad.size, this.pad.size));
      this.pad.showInput(x);
      this.net.forward(x);
      const views = this.session.views(this.net);
      const z = views.z(1)[0];
      const a = views.a(1)[0];
      this.values = { x, z, a };
      this.readout.innerHTML = `z = Σₖ ${sym("w", 1, 0, "k")}${sym("a", 0, "k")} + b = <b>${fmtNum(z)}</b> (b = ${fmtNum(this.scene.bias)}), so ${sym("a", 1, 0)} = σ(z) = <b>${decimals(a, 3)}</b>` +
        (a > 0.5 ? " — lit: there is an edge where it looks." : " — dark: no edge where it looks.");
      this.meter.value = a;
      this.error.hidden = true;
    } catch (e) {
      this.fail(e.message);
    }
  }

  fail(message) {
    this.error.textContent = `⚠ ${message}`;
    this.error.hidden = false;
  }

  destroy() {
    this.session.drop(NET);
  }
}
