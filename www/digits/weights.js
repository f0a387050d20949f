// "What does this neuron look for?": the 784 incoming weights of a first-layer neuron drawn as
// a 28 × 28 image — blue where ink raises its z, red where ink lowers it — for the selected
// neuron large and for all 16 in a grid.

import { paintSigned } from "../widgets/signed-image.js";
import { decimals } from "../lib/notation.js";

export class WeightImages {
  /** @param {HTMLElement} root @param {{ onSelect(j: number): void }} hooks */
  constructor(root, hooks) {
    root.innerHTML = `
      <h2>What does this neuron look for?</h2>
      <div class="dg-weights-main">
        <canvas class="dg-weight-big" aria-label="Incoming weights of the selected neuron as a 28 × 28 image" role="img"></canvas>
        <p class="dg-caption"><b class="dg-weight-title"></b><br>its 784 weights w⁽¹⁾ as an image:
          <span class="pos">blue</span> where ink raises <i>z</i>, <span class="neg">red</span> where ink lowers it.
          <span class="dg-weight-max"></span><br>Click a neuron of the first hidden layer, or one below.</p>
      </div>
      <div class="dg-weight-grid" role="listbox" aria-label="All 16 first-layer neurons"></div>`;
    this.big = root.querySelector(".dg-weight-big");
    this.title = root.querySelector(".dg-weight-title");
    this.maxText = root.querySelector(".dg-weight-max");
    this.grid = root.querySelector(".dg-weight-grid");
    this.cells = [];
    this.maxes = []; // each cell's largest |w| (what its brightness is scaled by)
    this.hooks = hooks;
  }

  ensureCells(n) {
    if (this.cells.length === n) return;
    this.grid.replaceChildren();
    this.cells = Array.from({ length: n }, (_, j) => {
      const c = document.createElement("canvas");
      c.className = "dg-weight-cell";
      c.dataset.neuron = String(j);
      c.title = `neuron ${j}`;
      c.setAttribute("role", "option");
      c.addEventListener("click", () => this.hooks.onSelect(j));
      this.grid.append(c);
      return c;
    });
  }

  /** @param {Float32Array} w1 W⁽¹⁾, n₁ × 784 row-major @param {number} selected */
  render(w1, selected) {
    // The same weights (the same array: a new one comes with each message of the worker) and
    // the same selection show the same images: nothing to draw.
    if (w1 === this.drawnW && selected === this.drawnSelected) return;
    this.drawnW = w1;
    this.drawnSelected = selected;
    const n = w1.length / 784;
    this.ensureCells(n);
    this.cells.forEach((c, j) => {
      this.maxes[j] = paintSigned(c, w1.subarray(j * 784, (j + 1) * 784));
      c.classList.toggle("selected", j === selected);
      const on = String(j === selected);
      if (c.getAttribute("aria-selected") !== on) c.setAttribute("aria-selected", on);
    });
    const max = paintSigned(this.big, w1.subarray(selected * 784, (selected + 1) * 784));
    const title = `Neuron ${selected} of hidden layer 1`, brightest = `(brightest = |w| ${decimals(max, 2)})`;
    if (this.big.dataset.neuron !== String(selected)) this.big.dataset.neuron = String(selected);
    if (this.title.textContent !== title) this.title.textContent = title;
    if (this.maxText.textContent !== brightest) this.maxText.textContent = brightest;
  }

  /**
   * The grid as a figure (app/figures.js): the same 28 × 28 images (the cells' own pixels, not
   * smoothed), 8 to a row, each with its neuron and largest |w|, the selected one in yellow;
   * drawn on a 2D context of the returned CSS size, a canvas's for a PNG or the SVG recording's.
   */
  figure() {
    const cells = this.cells, maxes = this.maxes, selected = this.drawnSelected;
    if (!cells.length || !this.drawnW) throw new Error("the weight images are not drawn yet");
    const cols = 8, size = 100, gap = 14, pad = 20, top = 76, label = 40;
    const rows = Math.ceil(cells.length / cols);
    const width = 2 * pad + cols * size + (cols - 1) * gap, height = top + rows * (size + label) + (rows - 1) * gap + pad;
    return {
      width, height,
      paint(ctx) {
        const font = `"DejaVu Sans", system-ui, sans-serif`;
        ctx.textBaseline = "middle";
        ctx.textAlign = "left";
        ctx.fillStyle = "#ececec";
        ctx.font = `600 18px ${font}`;
        ctx.fillText("What does each neuron of hidden layer 1 look for?", pad, 24);
        ctx.font = `13px ${font}`;
        ctx.fillStyle = "#9a9aa4";
        ctx.fillText("its 784 weights w⁽¹⁾ as a 28 × 28 image: blue where ink raises z, red where ink lowers it, brightest at its largest |w|", pad, 50);
        ctx.textAlign = "center";
        cells.forEach((c, j) => {
          const x = pad + (j % cols) * (size + gap), y = top + Math.floor(j / cols) * (size + label + gap);
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(c, x, y, size, size);
          ctx.strokeStyle = j === selected ? "#ffff00" : "#3a3a44";
          ctx.lineWidth = j === selected ? 2 : 1;
          ctx.strokeRect(x - 0.5, y - 0.5, size + 1, size + 1);
          ctx.fillStyle = j === selected ? "#ffff00" : "#ececec";
          ctx.font = `13px ${font}`;
          ctx.fillText(`neuron ${j}`, x + size / 2, y + size + 13);
          ctx.fillStyle = j === selected ? "#ffff00" : "#9a9aa4";
          ctx.font = `11px ${font}`;
          ctx.fillText(`|w| ≤ ${decimals(maxes[j], 2)}`, x + size / 2, y + size + 29);
        });
      },
    };
  }
}
