// Lesson scene kind "average": every training example has its own desire for one parameter,
// −∂C₀/∂p (which way and how hard that example would nudge p), and the average of those desires
// over the examples is −∂C/∂p, one component of the negative gradient. The examples' ∂C₀/∂p,
// their mean and the batch's own ∂C/∂p all come from the core (Stepper.exampleGradients over the
// scene's examples); a slider moves the parameter.

import { paramName, fmtNum } from "../lib/notation.js";
import { fitCanvas } from "../lib/canvas.js";
import { css, BLUE, RED } from "../lib/colors.js";
import { slider } from "./controls.js";
import { NET, sceneNetwork, getParam, setParam } from "./scene-net.js";

const STEPPER = "lesson-stepper";

export class AverageScene {
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    this.param = scene.param;
    Object.assign(this, sceneNetwork(session, scene));
    const name = paramName(this.param);
    root.innerHTML = `
      <div class="ls-average">
        <canvas class="ls-bars" aria-label="Each example's desired nudge of ${name}, and their average"></canvas>
        <table class="ls-table"><thead><tr><th scope="col">example</th><th scope="col">x</th><th scope="col">y</th>
          <th scope="col">∂C₀/∂${name}</th><th scope="col">desire −∂C₀/∂${name}</th></tr></thead><tbody></tbody>
          <tfoot><tr><th scope="row" colspan="3">average (1/n) Σ</th><td data-q="mean"></td><td data-q="desire"></td></tr>
          <tr><th scope="row" colspan="3">∂C/∂${name} of the whole set</th><td data-q="batch"></td><td></td></tr></tfoot></table>
        <div class="ls-controls"></div>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.body = root.querySelector("tbody");
    this.foot = root.querySelector("tfoot");
    this.slider = slider(root.querySelector(".ls-controls"), {
      label: name, name: "param", min: -6, max: 6, step: 0.05, value: getParam(this.net, this.param),
      onInput: (v) => {
        setParam(this.net, this.param, v);
        this.update();
      },
    });
    this.update();
  }

  update() {
    const { kind, l, j } = this.param;
    const k = this.param.k ?? 0;
    const first = this.scene.examples[0];
    const s = this.session.stepper(STEPPER, this.net, first.x, first.y, 0.1);
    const g = s.exampleGradients(this.xs, this.ys, kind, l, j, k);
    this.gradients = { perExample: Array.from(g.perExample), mean: g.mean, batch: g.batch };
    this.body.innerHTML = this.scene.examples
      .map((e, i) => `<tr><th scope="row">${i + 1}</th><td>${e.x.map((v) => fmtNum(v)).join(", ")}</td><td>${e.y.map((v) => fmtNum(v)).join(", ")}</td>` +
        `<td data-q="g${i}">${fmtNum(g.perExample[i])}</td><td>${fmtNum(-g.perExample[i])}</td></tr>`)
      .join("");
    this.foot.querySelector('[data-q="mean"]').textContent = fmtNum(g.mean);
    this.foot.querySelector('[data-q="desire"]').textContent = fmtNum(-g.mean);
    this.foot.querySelector('[data-q="batch"]').textContent = fmtNum(g.batch);
    this.slider.show(getParam(this.net, this.param));
    this.draw();
  }

  /** One bar per example, its desire −∂C₀/∂p (blue: raise p, red: lower it), then the average. */
  draw() {
    const ctx = this.canvas.getContext("2d");
    const [w, h] = fitCanvas(this.canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const desires = [...this.gradients.perExample.map((g) => -g), -this.gradients.mean];
    const most = Math.max(1e-12, ...desires.map(Math.abs));
    const row = h / desires.length;
    const left = 84; // the examples' names
    const mid = left + (w - left) / 2;
    const reach = (w - left) / 2 - 56; // room for a value beside the longest bar
    ctx.font = "12px sans-serif";
    ctx.textBaseline = "middle";
    ctx.strokeStyle = "rgba(255,255,255,0.3)";
    ctx.beginPath();
    ctx.moveTo(mid, 0);
    ctx.lineTo(mid, h);
    ctx.stroke();
    desires.forEach((d, i) => {
      const avg = i === desires.length - 1;
      const len = (d / most) * reach;
      const y = i * row + row * 0.2;
      ctx.fillStyle = css(d >= 0 ? BLUE : RED);
      ctx.globalAlpha = avg ? 1 : 0.75;
      ctx.fillRect(Math.min(mid, mid + len), y, Math.abs(len), row * 0.6);
      ctx.globalAlpha = 1;
      ctx.fillStyle = avg ? "#ffd84d" : "rgba(255,255,255,0.8)";
      ctx.fillText(avg ? "average" : `example ${i + 1}`, 6, y + row * 0.3);
      const label = fmtNum(d, 3);
      const at = d >= 0 ? mid + len + 6 : mid + len - 6 - ctx.measureText(label).width;
      ctx.fillText(label, at, y + row * 0.3);
    });
  }

  destroy() {
    this.session.drop(STEPPER);
    this.session.drop(NET);
  }
}
