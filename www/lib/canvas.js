// Canvas helpers shared by every view: the one place that knows about the device pixel ratio.
// Every canvas is drawn in CSS pixels on a backing store of CSS size × devicePixelRatio, so it
// stays sharp on a HiDPI screen.

let forcedRatio = null;
let layerWatcher = null; // an SVG figure's recorder of offscreen layers, while it records
let layerEpoch = 0;

/** The device pixel ratio (1 where the browser does not say), or the one an export asked for. */
export const pixelRatio = () => forcedRatio ?? (globalThis.devicePixelRatio || 1);

/**
 * Draw every canvas at `ratio` backing pixels per CSS pixel (a figure at slide resolution) until
 * the returned function is called.
 */
export function forcePixelRatio(ratio) {
  if (!(ratio > 0 && ratio <= 8)) throw new Error(`a pixel ratio must be in (0, 8], not ${ratio}`);
  forcedRatio = ratio;
  return () => {
    forcedRatio = null;
  };
}

/**
 * Size a canvas's backing store to w × h CSS pixels at the device pixel ratio (only when it
 * differs: a resize clears the canvas) and set the transform so drawing uses CSS pixels.
 * Returns [w, h].
 */
export function fitSize(canvas, ctx, w, h) {
  const dpr = pixelRatio();
  const pw = Math.round(w * dpr), ph = Math.round(h * dpr);
  if (canvas.width !== pw || canvas.height !== ph) {
    canvas.width = pw;
    canvas.height = ph;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return [w, h];
}

/**
 * Size a canvas's backing store to its CSS box at the device pixel ratio and set the transform
 * so drawing uses CSS pixels. Returns [width, height] in CSS pixels.
 */
export function fitCanvas(canvas, ctx) {
  return fitSize(canvas, ctx, canvas.clientWidth, canvas.clientHeight);
}

/**
 * Call `watch(layer)` for each offscreen layer fitLayer sizes until the returned function is
 * called (an SVG figure records the layers' drawing as vectors, not their pixels). Both change
 * figureGeneration(), so a view that keeps a layer or a frame between frames draws it again.
 */
export function watchLayers(watch) {
  layerWatcher = watch;
  layerEpoch++;
  return () => {
    layerWatcher = null;
    layerEpoch++;
  };
}

/**
 * A number that changes whenever an SVG figure starts or stops recording: part of the key of
 * anything a view keeps drawn between frames (a layer, a whole frame), so the figure gets it
 * drawn again and the screen gets it back afterwards.
 */
export const figureGeneration = () => layerEpoch;

/**
 * An offscreen layer (a canvas drawn once and copied onto a view) of w × h CSS pixels at the
 * device pixel ratio: always resized, so it starts clear; returns its context, in CSS pixels.
 */
export function fitLayer(layer, w, h) {
  const dpr = pixelRatio();
  layer.width = Math.round(w * dpr);
  layer.height = Math.round(h * dpr);
  layerWatcher?.(layer);
  const ctx = layer.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
