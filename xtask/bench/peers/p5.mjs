// P5: the 64×64 cost surface C(p_A, p_B) of the default Playground network on its training points
// (xtask/bench/surface.mjs's case: the default pair, two weights into the output neuron).
// Figure: milliseconds per surface.
import { pageModule, makeSurface, tensorflow, useBackend, calibrate } from "./common.mjs";

const SECONDS = 0.2;
const JS_ACT = { tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)), relu: (x) => Math.max(0, x), linear: (x) => x };

export async function p5() {
  const page = await pageModule();
  const pg = new page.glue.Playground({});
  const net = pg.network();
  const sizes = Array.from(net.layerSizes());
  const L = sizes.length - 1;
  let made;
  try {
    made = await makeSurface(page, pg);
  } catch (e) {
    return { id: "P5", skipped: `no Backprop Lab surface to time: ${e.message}` };
  }
  const { surface, memory, where } = made;
  const res = surface.resolution();
  const count = pg.trainPoints().length / 3;
  const [pa, pb] = surface.params();
  if (sizes[L] !== 1 || pa.kind !== "weight" || pb.kind !== "weight" || pa.l !== L || pb.l !== L)
    throw new Error(`P5 peer: expected the default pair, two weights into the single output, got ${JSON.stringify([pa, pb])}`);
  const cost = net.costName();
  if (cost !== "quadratic") throw new Error(`P5 peer: cost ${cost} not supported (quadratic expected)`);
  const outAct = net.activationName(L);
  const { xs, ys } = page.glue.trainingExamples(net, Uint32Array.from({ length: count }, (_, i) => i));

  // Hidden activations a⁽ᴸ⁻¹⁾ of every training point (computed once, as the surface caches them),
  // split into the two inputs of the chosen weights and the held rest (+ bias).
  const hidden = [];
  for (let i = 0; i < count; i++) {
    let a = Array.from(xs.subarray(i * sizes[0], (i + 1) * sizes[0]));
    for (let l = 1; l < L; l++) {
      const f = JS_ACT[net.activationName(l)];
      if (!f) throw new Error(`P5 peer: activation ${net.activationName(l)} not supported`);
      a = Array.from({ length: sizes[l] }, (_, j) => f(a.reduce((z, ak, k) => z + net.getWeight(l, j, k) * ak, net.getBias(l, j))));
    }
    hidden.push(a);
  }
  const hSel = new Float32Array(count * 2);
  const zHeld = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    hSel[2 * i] = hidden[i][pa.k];
    hSel[2 * i + 1] = hidden[i][pb.k];
    let z = net.getBias(L, 0);
    for (let k = 0; k < sizes[L - 1]; k++) if (k !== pa.k && k !== pb.k) z += net.getWeight(L, 0, k) * hidden[i][k];
    zHeld[i] = z;
  }
  const [minA, maxA, minB, maxB] = surface.range();
  // The grid's (p_A, p_B) pairs in its own order: row 0 is p_B = maxB, column 0 is p_A = minA.
  const pairs = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++)
    for (let c = 0; c < res; c++) {
      pairs[2 * (r * res + c)] = minA + ((maxA - minA) * c) / (res - 1);
      pairs[2 * (r * res + c) + 1] = maxB - ((maxB - minB) * r) / (res - 1);
    }

  const blGrid = () => new Float32Array(memory.buffer, surface.gridPtr(), surface.gridLen());
  const contestants = [];
  {
    let n = 0;
    const run = (k) => { for (let i = 0; i < k; i++) surface.compute(); };
    contestants.push({
      name: `Backprop Lab Surface.compute() (wasm, ${where})`,
      setup: async () => { n = await calibrate(run, SECONDS, 2); },
      run: () => timeEach(() => run(n), n),
      after: () => "",
    });
  }
  const { tf, version } = await tensorflow();
  const acts = { tanh: tf.tanh, sigmoid: tf.sigmoid, relu: tf.relu, linear: (x) => x };
  if (!acts[outAct]) throw new Error(`P5 peer: output activation ${outAct} not supported`);
  for (const backend of ["wasm", "cpu"]) {
    let t = null;
    let last = null;
    const once = () => {
      const c = tf.tidy(() => {
        const z = tf.add(tf.matMul(t.pairs, t.h, false, true), t.zHeld); // [res², count]
        return tf.mean(tf.square(tf.sub(acts[outAct](z), t.y)), 1); // C per grid node
      });
      last = c.dataSync();
      c.dispose();
    };
    let n = 0;
    const run = (k) => { for (let i = 0; i < k; i++) once(); };
    contestants.push({
      name: `TensorFlow.js ${version} ${backend}: output layer only, one [${res * res}×2]·[2×${count}] matmul`,
      setup: async () => {
        await useBackend(tf, backend);
        t = {
          pairs: tf.tensor2d(pairs, [res * res, 2]), h: tf.tensor2d(hSel, [count, 2]),
          zHeld: tf.tensor2d(zHeld, [1, count]), y: tf.tensor2d(ys, [1, count]),
        };
        n = await calibrate(run, SECONDS, 1);
      },
      run: async () => {
        await useBackend(tf, backend);
        return timeEach(() => run(n), n);
      },
      after: () => {
        surface.compute();
        const g = blGrid();
        let diff = 0, top = 0;
        for (let i = 0; i < g.length; i++) {
          diff = Math.max(diff, Math.abs(g[i] - last[i]));
          top = Math.max(top, Math.abs(g[i]));
        }
        return `same surface as Backprop Lab's to ${diff.toExponential(1)} (max |C| ${top.toFixed(3)})`;
      },
    });
  }
  return {
    id: "P5",
    title: `P5: ${res}×${res} cost surface of the default network [${sizes}], ${count} training points, two weights into the output`,
    unit: "ms per surface",
    higherIsBetter: false,
    repeats: 2,
    format: (v) => `${v.toFixed(2)} ms`,
    contestants,
    notes: ["the TF.js peers are given the hidden activations for free (computed once): they redo only the output layer and the cost"],
  };
}

function timeEach(f, n) {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / n;
}
