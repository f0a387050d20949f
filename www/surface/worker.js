// The Cost surface tab's Web Worker (a module worker): computes the surface, its 1-D cut and the
// current point with the Rust core (www/pkg's extras module) off the main thread, and posts them
// back as transferable Float32Arrays. Protocol: see docs/JS_API.md, "Cost surface".
//
// Each "compute" request carries everything as plain data — the network as Network.toJSON()'s
// object, the training examples, the two parameters, the range (or a fit), the resolution, the
// cut's parameter and η — so the worker keeps no state between requests but the module.

import init, { Surface, predictedChange } from "../pkg/backprop_lab_extras.js";
import { contourLevels, contourSegments } from "../lib/contours.js";
import { WasmViews } from "../app/wasm-views.js";

let ready = null; // the module's exports (with its memory) once "load" has instantiated it

const post = (message, transfer = []) => self.postMessage(message, transfer);
const message = (e) => (e instanceof Error ? e.message : String(e));

let views = null; // app/wasm-views.js over this module's memory, the one place typed arrays meet it

/** A copy of `len` f32 at `ptr` of the module's memory, to transfer. */
const copy = (memory, ptr, len) => {
  views ??= new WasmViews(memory);
  return views.f32("copy", ptr, len).slice();
};

function compute(wasm, request) {
  const surface = new Surface(request.network, request.inputs, request.targets);
  try {
    if (request.params) surface.select(request.params[0], request.params[1]);
    if (request.range) surface.setRange(...request.range);
    else surface.fit(request.half ?? undefined);
    const answer = {
      type: "surface",
      id: request.id,
      generation: request.generation,
      iterations: request.iterations,
      params: Array.from(surface.params()),
      range: Array.from(surface.range()),
      grid: null,
    };
    const transfer = [];
    if (request.grid) {
      if (request.resolution != null) surface.setResolution(request.resolution);
      const t0 = performance.now();
      Object.assign(answer, surface.compute());
      answer.gridMs = performance.now() - t0;
      answer.resolution = surface.resolution();
      answer.grid = copy(wasm.memory, surface.gridPtr(), surface.gridLen());
      transfer.push(answer.grid.buffer);
      // The heatmap's contour lines (drawing geometry, not math of the network) are traced here
      // too, so the page only strokes them.
      answer.contours = contourLevels(answer.min, answer.max, request.contours ?? 0).map((level) =>
        Float32Array.from(contourSegments(answer.grid, answer.resolution, level)),
      );
      transfer.push(...answer.contours.map((c) => c.buffer));
    }
    surface.computeCut(request.cut);
    answer.cutParam = request.cut;
    answer.cut = copy(wasm.memory, surface.cutPtr(), surface.cutLen());
    transfer.push(answer.cut.buffer);
    answer.point = surface.point(request.eta);
    // What the tangent plane predicts for the step −η∇C, ∇C·Δp: the 3-D view draws its arrow.
    answer.point.predictedChange = predictedChange(answer.point);
    post(answer, transfer);
  } finally {
    surface.free();
  }
}

const handlers = {
  /** wasm: what the extras glue's init() takes (surface-source.js's workerWasm()). */
  load({ wasm }) {
    ready = init({ module_or_path: wasm });
    ready.then(
      () => post({ type: "ready" }),
      (e) => post({ type: "failed", message: `could not load the extras module (backprop_lab_extras_bg.wasm): ${message(e)}` }),
    );
  },
  async compute(request) {
    if (!ready) throw new Error("the surface worker got a request before its \"load\" message");
    let wasm;
    try {
      wasm = await ready;
    } catch {
      return; // "failed" said why
    }
    try {
      compute(wasm, request);
    } catch (e) {
      post({ type: "error", id: request.id, generation: request.generation, message: message(e) });
    }
  },
};

self.onmessage = ({ data }) => {
  const handler = handlers[data?.type];
  if (!handler) {
    post({ type: "error", id: data?.id, message: `the surface worker got an unknown message ${JSON.stringify(data?.type)}` });
    return;
  }
  Promise.resolve()
    .then(() => handler(data))
    .catch((e) => post({ type: "error", id: data.id, generation: data.generation, message: message(e) }));
};
