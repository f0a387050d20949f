// Misread test digits (the network's guess over the truth) and the 10 × 10 confusion matrix
// the core computes. Clicking a digit loads it as the network's input.

import { count, percent } from "../lib/notation.js";

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
    const total = e.confusion.reduce((a, b) => a + b, 0);
    let maxOff = 1;
    e.confusion.forEach((v, i) => {
      if (Math.floor(i / 10) !== i % 10) maxOff = Math.max(maxOff, v);
    });
    this.cells.forEach((td, i) => {
      const v = e.confusion[i];
      const diagonal = Math.floor(i / 10) === i % 10;
      // Only what changed is written: an unchanged cell is not styled and laid out again.
      if (td.textContent !== String(v)) td.textContent = String(v);
      // One hue (3B1B's blue), brighter for more of the row's digits: readable under every
      // colour-vision deficiency, unlike a green diagonal beside red mistakes. The diagonal
      // (read right) is outlined; off it, a square root keeps the few mistakes visible.
      const rowTotal = e.confusion.slice(Math.floor(i / 10) * 10, Math.floor(i / 10) * 10 + 10).reduce((a, b) => a + b, 0) || 1;
      const t = diagonal ? v / rowTotal : Math.sqrt(v / maxOff);
      // At most half the blue over the dark page: the digits keep a contrast of 4.5:1 or more.
      const alpha = v ? (diagonal ? 0.15 + 0.35 * t : 0.06 + 0.34 * t) : 0;
      const background = v ? `rgba(88,196,221,${alpha.toFixed(2)})` : "transparent";
      if (this.backgrounds[i] !== background) {
        this.backgrounds[i] = background;
        td.style.background = background;
      }
    });
    this.table.dataset.total = String(total);
    this.sum.textContent = `${count(total)} test digits · ${percent(e.accuracy, 2, " %")} on the diagonal · ${count(e.wrong.length / 2)} misread`;
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
