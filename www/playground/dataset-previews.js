// The dataset picker: one radio button per dataset with a small canvas thumbnail of its points.
// Each thumbnail's points come from the session's previewPoints (a throw-away Playground it
// builds and frees for that dataset).

import { pointColor } from "../lib/colors.js";
import { linear } from "../lib/scale.js";

const SIZE = 52;
const TITLES = {
  circle: "Circle", xor: "XOR", gaussian: "Gaussian", spiral: "Spiral", plane: "Plane (regression)",
  multiGaussian: "Multi-Gaussian (regression)", threeClass: "Three classes", custom: "Custom (your points)",
};

export class DatasetPicker {
  /**
   * @param {HTMLElement} container  a role="radiogroup" element
   * @param {string[]} datasets  names().datasets
   * @param {(config) => { train: Float32Array, test: Float32Array, isRegression: boolean }} preview
   *   the points a data set's configuration generates (session.previewPoints)
   * @param {(name) => void} onPick
   */
  constructor(container, datasets, preview, onPick, doc = document) {
    this.inputs = new Map();
    const items = datasets.map((name) => {
      const label = doc.createElement("label");
      label.className = "dataset";
      label.title = TITLES[name] || name;
      const input = doc.createElement("input");
      Object.assign(input, { type: "radio", name: "dataset", value: name, className: "visually-hidden" });
      input.setAttribute("aria-label", TITLES[name] || name);
      input.addEventListener("change", () => input.checked && onPick(name));
      const canvas = doc.createElement("canvas");
      canvas.width = canvas.height = SIZE * 2; // drawn at 2× for sharp dots
      canvas.setAttribute("aria-hidden", "true");
      this.draw(canvas, name, preview);
      const caption = doc.createElement("span");
      caption.textContent = name === "multiGaussian" ? "multi-gauss" : name === "threeClass" ? "3 classes" : name;
      label.append(input, canvas, caption);
      this.inputs.set(name, input);
      return label;
    });
    container.replaceChildren(...items);
  }

  draw(canvas, name, preview) {
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#0b0b0e";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    try {
      const { train, test, isRegression: reg } = preview({ dataset: name, noise: 0, points: 200 });
      const s = linear(-1, 1, 4, canvas.width - 4);
      const sy = linear(-1, 1, canvas.height - 4, 4);
      for (const pts of [train, test])
        for (let i = 0; i + 2 < pts.length; i += 3) {
          ctx.fillStyle = pointColor(pts[i + 2], reg);
          ctx.beginPath();
          ctx.arc(s(pts[i]), sy(pts[i + 1]), 2.6, 0, Math.PI * 2);
          ctx.fill();
        }
      if (name === "custom") this.plus(ctx, canvas);
    } catch {
      this.plus(ctx, canvas); // a dataset with no generated points (custom): show "add your own"
    }
  }

  plus(ctx, canvas) {
    ctx.fillStyle = "rgba(255,255,255,0.5)";
    ctx.font = `${canvas.width * 0.5}px "DejaVu Sans", sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText("+", canvas.width / 2, canvas.height / 2);
  }

  render(dataset) {
    for (const [name, input] of this.inputs) {
      input.checked = name === dataset;
      input.parentElement.classList.toggle("selected", name === dataset);
    }
  }
}
