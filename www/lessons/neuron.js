// Lesson scene kind "neuron": one neuron of the next layer, z = w·a + b and a⁽¹⁾ = f(z), with
// sliders on its input a⁽⁰⁾, its weight and its bias, and the activation function's curve with
// the neuron's point on it. The neuron is a 1-1 Network the session builds from the scene's
// config; z and a⁽¹⁾ are the core's (a Stepper's forward pass), and so is every point of the
// curve (a second 1-1 network with w = 1, b = 0 run at each z).

import { zExpansion } from "../lib/backprop-math.js";
import { fitCanvas } from "../lib/canvas.js";
import { activationName, fmtNum } from "../lib/notation.js";
import { css, BLUE, RED } from "../lib/colors.js";
import { NET } from "./scene-net.js";
import { slider, choice } from "./controls.js";

const CURVE = "lesson-curve";
const STEPPER = "lesson-stepper";
const Z_RANGE = 8; // the curve runs over z ∈ [−8, 8]
const CURVE_POINTS = 161;

export class NeuronScene {
  /**
   * @param {HTMLElement} root
   * @param {object} scene  the scene's data (lessons/chapter1.js)
   * @param {import("../app/session.js").Session} session
   */
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    this.values = { input: scene.input, w: scene.w, b: scene.b };
    this.act = scene.network.activation;
    root.innerHTML = `
      <div class="ls-neuron">
        <canvas class="ls-curve" width="360" height="220" aria-label="The activation function's curve with the neuron's z and activation marked"></canvas>
        <div class="ls-math" aria-live="polite"></div>
        <div class="ls-controls"></div>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.math = root.querySelector(".ls-math");
    const controls = root.querySelector(".ls-controls");
    this.sliders = {
      input: slider(controls, { label: "input a⁽⁰⁾₀", name: "input", min: 0, max: 1, step: 0.01, value: this.values.input, onInput: (v) => this.set({ input: v }) }),
      w: slider(controls, { label: "weight w⁽¹⁾₀₀", name: "w", min: -8, max: 8, step: 0.1, value: this.values.w, onInput: (v) => this.set({ w: v }) }),
      b: slider(controls, { label: "bias b⁽¹⁾₀", name: "b", min: -10, max: 10, step: 0.1, value: this.values.b, onInput: (v) => this.set({ b: v }) }),
    };
    if (scene.activations.length > 1) {
      choice(controls, {
        label: "activation", name: "activation", value: this.act,
        options: scene.activations.map((a) => [a, a === "relu" ? "ReLU: max(0, z)" : a === "sigmoid" ? "sigmoid σ(z)" : a]),
        onChange: (a) => {
          this.act = a;
          this.build();
        },
      });
    }
    this.build();
  }

  /** (Re)builds the neuron and its curve for the current activation. */
  build() {
    const config = { ...this.scene.network, activation: this.act, outputActivation: this.act };
    this.net = this.session.network(NET, config);
    const probe = this.session.network(CURVE, config);
    probe.setWeight(1, 0, 0, 1);
    probe.setBias(1, 0, 0);
    this.curve = [];
    for (let i = 0; i < CURVE_POINTS; i++) {
      const z = -Z_RANGE + (2 * Z_RANGE * i) / (CURVE_POINTS - 1);
      this.curve.push([z, probe.forward([z])[0]]);
    }
    this.session.drop(CURVE);
    this.update();
  }

  set(patch) {
    Object.assign(this.values, patch);
    this.update();
  }

  /** The core's z and a⁽¹⁾ for the current sliders, shown as MathML and on the curve. */
  update() {
    const { input, w, b } = this.values;
    this.net.setWeight(1, 0, 0, w);
    this.net.setBias(1, 0, b);
    const s = this.session.stepper(STEPPER, this.net, [input], [0], 0.1);
    s.next(); // forward, layer 1
    this.z = s.z(1)[0];
    this.a = s.a(1)[0];
    // The weight and bias as the core stores them (f32), so the sum shown adds up.
    const wf = this.net.getWeight(1, 0, 0), bf = this.net.getBias(1, 0), x = s.a(0)[0];
    this.math.innerHTML = zExpansion(1, 0, { w: [wf], aPrev: [x], b: bf, z: this.z, a: this.a, act: this.act });
    this.sliders.input.show(x);
    this.sliders.w.show(wf);
    this.sliders.b.show(bf);
    this.draw();
  }

  draw() {
    const ctx = this.canvas.getContext("2d");
    const [w, h] = fitCanvas(this.canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const ys = this.curve.map(([, a]) => a);
    const lo = Math.min(0, ...ys), hi = Math.max(1, ...ys);
    const pad = 24;
    const X = (z) => pad + ((z + Z_RANGE) / (2 * Z_RANGE)) * (w - 2 * pad);
    const Y = (a) => h - pad - ((a - lo) / (hi - lo || 1)) * (h - 2 * pad);
    ctx.strokeStyle = "rgba(255,255,255,0.25)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad, Y(0));
    ctx.lineTo(w - pad, Y(0));
    ctx.moveTo(X(0), pad / 2);
    ctx.lineTo(X(0), h - pad);
    ctx.stroke();
    ctx.fillStyle = "rgba(255,255,255,0.6)";
    ctx.font = "12px sans-serif";
    ctx.fillText("z", w - pad + 6, Y(0) + 4);
    ctx.fillText(`${activationName(this.act)}(z)`, X(0) + 6, pad / 2 + 8);
    ctx.fillText(String(-Z_RANGE), pad - 6, Y(0) + 14);
    ctx.fillText(String(Z_RANGE), w - pad - 6, Y(0) + 14);
    ctx.strokeStyle = css(BLUE);
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    this.curve.forEach(([z, a], i) => (i ? ctx.lineTo(X(z), Y(a)) : ctx.moveTo(X(z), Y(a))));
    ctx.stroke();
    // The neuron's point (z clamped to the drawn range, with an arrow when it lies outside).
    const zc = Math.max(-Z_RANGE, Math.min(Z_RANGE, this.z));
    ctx.fillStyle = "#ffd84d";
    ctx.beginPath();
    ctx.arc(X(zc), Y(Math.max(lo, Math.min(hi, this.a))), 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = zc === this.z ? "#ffd84d" : css(RED);
    ctx.fillText(`z = ${fmtNum(this.z, 3)}, a = ${fmtNum(this.a, 3)}${zc === this.z ? "" : " (z off the chart)"}`, pad + 4, pad);
  }

  destroy() {
    for (const slot of [NET, CURVE, STEPPER]) this.session.drop(slot);
  }
}
