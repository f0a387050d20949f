// Canvas helpers shared by every view.

/**
 * Size a canvas's backing store to its CSS box at the device pixel ratio and set the transform
 * so drawing uses CSS pixels. Returns [width, height] in CSS pixels.
 */
export function fitCanvas(canvas, ctx) {
  const w = canvas.clientWidth, h = canvas.clientHeight;
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return [w, h];
}
