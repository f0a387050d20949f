// Epoch, iteration, cost and accuracy as text. The metrics box is an aria-live region, so while
// training it is written at most a few times a second (screen readers and layout both thank us).

import { fmt, percent, count } from "../lib/notation.js";

const MIN_INTERVAL_MS = 300;

export class MetricsView {
  constructor(doc = document) {
    const $ = (id) => doc.getElementById(id);
    this.el = {
      epoch: $("epoch"), iterations: $("iterations"), trainLoss: $("trainLoss"), testLoss: $("testLoss"),
      trainAcc: $("trainAcc"), testAcc: $("testAcc"), accRow: $("acc-row"),
    };
    this.last = -Infinity;
  }

  /**
   * @param {{ epoch, iterations, metrics: { trainLoss, testLoss, trainAccuracy, testAccuracy } }} s
   * @param {boolean} force  write now (after a step, reset or edit), not only on the timer
   */
  render(s, now, force) {
    if (!force && now - this.last < MIN_INTERVAL_MS) return;
    this.last = now;
    const e = this.el;
    set(e.epoch, count(s.epoch));
    set(e.iterations, `iteration ${count(s.iterations)}`);
    set(e.trainLoss, fmt(s.metrics.trainLoss, 4));
    set(e.testLoss, fmt(s.metrics.testLoss, 4));
    const hasAcc = s.metrics.trainAccuracy !== null && s.metrics.trainAccuracy !== undefined && Number.isFinite(s.metrics.trainAccuracy);
    e.accRow.hidden = !hasAcc;
    if (hasAcc) {
      set(e.trainAcc, percent(s.metrics.trainAccuracy, 1));
      set(e.testAcc, percent(s.metrics.testAccuracy, 1));
    }
  }
}

function set(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
