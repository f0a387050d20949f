import { test } from "node:test";
import assert from "node:assert/strict";
import { pixelRatio, fitSize, fitCanvas, fitLayer, watchLayers, figureGeneration } from "./canvas.js";

/** A canvas stand-in: counts backing-store resizes (each clears a real canvas). */
function fakeCanvas(clientWidth = 0, clientHeight = 0) {
  const transforms = [];
  const ctx = { setTransform: (...m) => transforms.push(m) };
  let width = 300, height = 150, resizes = 0;
  const canvas = {
    clientWidth, clientHeight, transforms,
    get width() { return width; }, set width(v) { width = v; resizes++; },
    get height() { return height; }, set height(v) { height = v; resizes++; },
    get resizes() { return resizes; },
    getContext: () => ctx,
  };
  return { canvas, ctx };
}

function withRatio(dpr, f) {
  const old = globalThis.devicePixelRatio;
  globalThis.devicePixelRatio = dpr;
  try {
    f();
  } finally {
    globalThis.devicePixelRatio = old;
  }
}

test("the pixel ratio is the device's, 1 where it is not known", () => {
  withRatio(undefined, () => assert.equal(pixelRatio(), 1));
  withRatio(2.5, () => assert.equal(pixelRatio(), 2.5));
});

test("a canvas's backing store is its CSS box times the pixel ratio, drawn in CSS pixels", () => {
  withRatio(1.5, () => {
    const { canvas, ctx } = fakeCanvas(201, 100);
    assert.deepEqual(fitCanvas(canvas, ctx), [201, 100]);
    assert.equal(canvas.width, 302); // round(301.5)
    assert.equal(canvas.height, 150);
    assert.deepEqual(canvas.transforms.at(-1), [1.5, 0, 0, 1.5, 0, 0]);
    const resizes = canvas.resizes;
    fitCanvas(canvas, ctx);
    assert.equal(canvas.resizes, resizes, "an unchanged size does not clear the canvas");
    assert.equal(canvas.transforms.length, 2, "the transform is set every time");
    assert.deepEqual(fitSize(canvas, ctx, 80, 80), [80, 80]);
    assert.deepEqual([canvas.width, canvas.height], [120, 120]);
  });
  withRatio(undefined, () => {
    const { canvas, ctx } = fakeCanvas(40, 30);
    fitCanvas(canvas, ctx);
    assert.deepEqual([canvas.width, canvas.height], [40, 30]);
    assert.deepEqual(canvas.transforms.at(-1), [1, 0, 0, 1, 0, 0]);
  });
});

test("an offscreen layer is resized (so cleared) every time and drawn in CSS pixels", () => {
  withRatio(2, () => {
    const { canvas } = fakeCanvas();
    const ctx = fitLayer(canvas, 100, 50);
    assert.deepEqual([canvas.width, canvas.height], [200, 100]);
    assert.deepEqual(ctx.setTransform && canvas.transforms.at(-1), [2, 0, 0, 2, 0, 0]);
    const resizes = canvas.resizes;
    fitLayer(canvas, 100, 50);
    assert.equal(canvas.resizes, resizes + 2);
  });
});

test("an SVG figure watches the layers fitLayer sizes, already sized, and figureGeneration marks its start and end", () => {
  withRatio(2, () => {
    const { canvas } = fakeCanvas();
    const seen = [];
    const g0 = figureGeneration();
    const stop = watchLayers((layer) => seen.push([layer, layer.width, layer.height, layer.resizes]));
    const g1 = figureGeneration();
    fitLayer(canvas, 30, 20);
    stop();
    fitLayer(canvas, 30, 20);
    assert.deepEqual(seen, [[canvas, 60, 40, 2]], "once, after the resize (a recording starts afresh there), not after the watch ended");
    assert.ok(g1 !== g0 && figureGeneration() !== g1, "a kept layer's key changes at the start and at the end");
  });
});
