// The Backprop tab's example picker: a small copy of the output plot (the decision boundary and
// the training points) where a click on a point makes it the example being stepped, ringed in
// yellow. It reuses HeatmapView and reads the same neuron grid the playground paints.

import { HeatmapView } from "../widgets/heatmap-view.js";

export class ExamplePicker {
  /**
   * @param {HTMLElement} container  where the canvas goes
   * @param {(index: number) => void} onPick  a training point's index (as in pg.trainPoints())
   */
  constructor(container, onPick) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "bp-picker";
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", "Training points over the decision boundary: click a point to step it through backprop");
    container.append(this.canvas);
    this.view = new HeatmapView(this.canvas, {
      onAddPoint: () => {}, // this plot picks points; it does not add them
      onHoverPoint: () => {},
      onClickPoint: (p) => p.set === "train" && onPick(p.index),
    });
    this.model = null;
  }

  /** After a new Playground: its model views and data points. */
  setModel(session) {
    this.model = session.model;
    this.view.setModel(session.model);
    const { train } = session.points();
    this.view.setPoints(train, new Float32Array(0));
    this.fresh = true;
  }

  /** `example`: the stepped example's index; `gridFresh`: the grid was evaluated this frame. */
  render(example, gridFresh) {
    if (!this.model) return;
    const t = this.view.train;
    const marked = 3 * example + 1 < t.length ? { x: t[3 * example], y: t[3 * example + 1] } : null;
    this.view.render({ showTest: false, gridFresh: gridFresh || this.fresh, marked });
    this.fresh = false;
  }

  /** A training point's position in client px (for tests). */
  pointToClient(index) {
    const t = this.view.train;
    return this.view.dataToClient(t[3 * index], t[3 * index + 1]);
  }
}
