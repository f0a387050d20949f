// 784 signed values (a first-layer neuron's weights, ∂C/∂a⁽⁰⁾ of an image, a hand-set edge
// detector) as a 28 × 28 image: blue where the value is positive, red where negative, brightness
// by |value| over the largest. The Digits tab and the Lessons draw with it.

import { BLUE, RED } from "../lib/colors.js";

/** Paint 784 signed values into a 28 × 28 canvas, scaled by their largest |value|. */
export function paintSigned(canvas, values) {
  // Every pixel is written below: a canvas already 28 × 28 is not resized (a resize clears and
  // reallocates it).
  if (canvas.width !== 28) canvas.width = 28;
  if (canvas.height !== 28) canvas.height = 28;
  const img = new ImageData(28, 28);
  let max = 1e-9;
  for (let i = 0; i < 784; i++) max = Math.max(max, Math.abs(values[i]));
  const px = img.data; // each channel stored as Uint8ClampedArray.set stored it, without an array per pixel
  for (let i = 0; i < 784; i++) {
    const t = Math.min(1, Math.abs(values[i]) / max);
    const c = values[i] >= 0 ? BLUE : RED;
    px[i * 4] = c[0] * t;
    px[i * 4 + 1] = c[1] * t;
    px[i * 4 + 2] = c[2] * t;
    px[i * 4 + 3] = 255;
  }
  canvas.getContext("2d").putImageData(img, 0, 0);
  return max;
}
