// Misread test digits (the network's guess over the truth) and the 10 × 10 confusion matrix
// the core computes. Clicking a digit loads it as the network's input.

import { count, percent } from "../lib/notation.js";

const FONT = `"DejaVu Sans", system-ui, sans-serif`;

/**
 * The background of confusion cell i (row: the true digit, column: the guess), the one rule of
 * the table and its figure. One hue (3B1B's blue), brighter for more of the row's digits:
 * readable under every colour-vision deficiency, unlike a green diagonal beside red mistakes.
 * The diagonal (read right) is outlined; off it, a square root keeps the few mistakes visible.
 * `maxOff`: the largest count off the diagonal (1 at least).
 */
export function cellBackground(confusion, i, maxOff) {
  const v = confusion[i];
  const diagonal = Math.floor(i / 10) === i % 10;
  const rowTotal = confusion.slice(Math.floor(i / 10) * 10, Math.floor(i / 10) * 10 + 10).reduce((a, b) => a + b, 0) || 1;
  const t = diagonal ? v / rowTotal : Math.sqrt(v / maxOff);
  // At most half the blue over the dark page: the digits keep a contrast of 4.5:1 or more.
  const alpha = v ? (diagonal ? 0.15 + 0.35 * t : 0.06 + 0.34 * t) : 0;
  return v ? `rgba(88,196,221,${alpha.toFixed(2)})` : "transparent";
}

const largestOffDiagonal = (confusion) => {
  let maxOff = 1;
  confusion.forEach((v, i) => {
    if (Math.floor(i / 10) !== i % 10) maxOff = Math.max(maxOff, v);
  });
  return maxOff;
};

export class Gallery {
  /** @param {HTMLElement} root @param {{ onPick(pixels: Uint8Array, label: number): void }} hooks */
  constructor(root, hooks) {
    root.innerHTML = `
      <h2>Misread test digits</h2>
      <p class="dg-caption">guess <span class="neg">in red</span> · truth below · click one to look inside</p>
      <div class="dg-gallery-grid"></div>
      <h2>Confusion matrix</h2>
      <table class="dg-confusion" aria-label="Confusion matrix: rows are the true digit, columns the guess"></table>
      <p class="dg-caption dg-confusion-sum"></p>`;
    this.grid = root.querySelector(".dg-gallery-grid");
    this.table = root.querySelector(".dg-confusion");
    this.sum = root.querySelector(".dg-confusion-sum");
    this.hooks = hooks;
    this.buildTable();
  }

  buildTable() {
    const head = `<tr><th class="dg-corner">true ↓ guess →</th>${[...Array(10).keys()].map((d) => `<th scope="col">${d}</th>`).join("")}</tr>`;
    const rows = [...Array(10).keys()]
      .map((t) => `<tr><th scope="row">${t}</th>${[...Array(10).keys()].map((g) => `<td data-truth="${t}" data-guess="${g}"${t === g ? ' class="dg-diag"' : ""}>·</td>`).join("")}</tr>`)
      .join("");
    this.table.innerHTML = head + rows;
    this.cells = [...this.table.querySelectorAll("td")];
    this.backgrounds = []; // the background each cell was given (the style reads back normalised)
  }

  /** @param {{ confusion: Uint32Array, wrong: Uint32Array, images: Uint8Array, labels: Uint8Array, accuracy: number }} e */
  render(e) {
    this.shown = e; // what the table shows: its figure draws the same
    const total = e.confusion.reduce((a, b) => a + b, 0);
    const maxOff = largestOffDiagonal(e.confusion);
    this.cells.forEach((td, i) => {
      const v = e.confusion[i];
      // Only what changed is written: an unchanged cell is not styled and laid out again.
      if (td.textContent !== String(v)) td.textContent = String(v);
      const background = cellBackground(e.confusion, i, maxOff);
      if (this.backgrounds[i] !== background) {
        this.backgrounds[i] = background;
        td.style.background = background;
      }
    });
    this.table.dataset.total = String(total);
    this.sum.textContent = summary(e);
    const shown = e.labels.length;
    this.thumbs ??= [];
    while (this.thumbs.length < shown) this.thumbs.push(this.thumb());
    this.thumbs.forEach((t, i) => {
      t.item.hidden = i >= shown;
      if (i >= shown) return;
      t.pixels = e.images.slice(i * 784, (i + 1) * 784);
      t.label = e.labels[i];
      const guess = e.wrong[2 * i + 1];
      t.item.title = `test digit ${e.wrong[2 * i]}: a ${t.label}, read as ${guess}`;
      const px = t.img.data; // the grey levels straight in, without an array per pixel
      for (let k = 0; k < 784; k++) {
        px[k * 4] = px[k * 4 + 1] = px[k * 4 + 2] = t.pixels[k];
        px[k * 4 + 3] = 255;
      }
      t.ctx.putImageData(t.img, 0, 0);
      if (t.guess.textContent !== String(guess)) t.guess.textContent = String(guess);
      if (t.truth.textContent !== String(t.label)) t.truth.textContent = String(t.label);
    });
  }

  /**
   * The matrix as a figure (app/figures.js): the table's counts, colours and diagonal outline,
   * drawn on a 2D context of 640 × 720 CSS px, a canvas's for a PNG or the SVG recording's.
   */
  figure() {
    const e = this.shown;
    if (!e) throw new Error("the confusion matrix has no test evaluation yet");
    const cell = 52, left = 86, top = 78, width = left + 10 * cell + 24, height = top + 10 * cell + 58;
    const maxOff = largestOffDiagonal(e.confusion);
    return {
      width, height,
      paint(ctx) {
        ctx.textBaseline = "middle";
        ctx.fillStyle = "#ececec";
        ctx.font = `600 18px ${FONT}`;
        ctx.textAlign = "left";
        ctx.fillText("Confusion matrix", 20, 24);
        ctx.fillStyle = "#9a9aa4";
        ctx.font = `13px ${FONT}`;
        ctx.textAlign = "center";
        ctx.fillText("guess →", left + 5 * cell, top - 36);
        ctx.save();
        ctx.translate(left - 52, top + 5 * cell);
        ctx.rotate(-Math.PI / 2);
        ctx.fillText("← true digit", 0, 0); // read upwards, pointing down the rows
        ctx.restore();
        ctx.font = `600 15px ${FONT}`;
        for (let d = 0; d < 10; d++) {
          ctx.fillText(String(d), left + (d + 0.5) * cell, top - 14);
          ctx.fillText(String(d), left - 18, top + (d + 0.5) * cell);
        }
        ctx.font = `15px ${FONT}`;
        for (let i = 0; i < 100; i++) {
          const x = left + (i % 10) * cell, y = top + Math.floor(i / 10) * cell;
          ctx.fillStyle = cellBackground(e.confusion, i, maxOff);
          ctx.fillRect(x, y, cell, cell);
          ctx.strokeStyle = "#15151b";
          ctx.lineWidth = 1;
          ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
          if (Math.floor(i / 10) === i % 10) {
            ctx.strokeStyle = "#58c4dd";
            ctx.strokeRect(x + 2.5, y + 2.5, cell - 5, cell - 5);
          }
          ctx.fillStyle = "#ececec";
          ctx.fillText(String(e.confusion[i]), x + cell / 2, y + cell / 2);
        }
        ctx.fillStyle = "#9a9aa4";
        ctx.font = `13px ${FONT}`;
        ctx.textAlign = "left";
        ctx.fillText(summary(e), 20, top + 10 * cell + 32);
      },
    };
  }

  /** One reusable thumbnail button: a 28 × 28 canvas, the guess and the truth. */
  thumb() {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "dg-thumb";
    const c = document.createElement("canvas");
    c.width = c.height = 28;
    const cap = document.createElement("span");
    cap.innerHTML = `<b class="neg"></b> <small></small>`;
    item.append(c, cap);
    const t = { item, ctx: c.getContext("2d"), img: new ImageData(28, 28), guess: cap.querySelector("b"), truth: cap.querySelector("small") };
    item.addEventListener("click", () => this.hooks.onPick(t.pixels, t.label));
    this.grid.append(item);
    return t;
  }
}

/** The line under the matrix: its total, the share on the diagonal, the misread count. */
const summary = (e) =>
  `${count(e.confusion.reduce((a, b) => a + b, 0))} test digits · ${percent(e.accuracy, 2, " %")} on the diagonal · ${count(e.wrong.length / 2)} misread`;
