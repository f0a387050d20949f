// Backprop Lab side by side with peers, measured in the same run (issue 11's targets):
//   node xtask/bench/peers.mjs [--rounds N] [--only P1,P2,P5]     (cargo xtask bench --peers)
// P1 (2-8-8-1 tanh playground training), P2 (a 60k MNIST epoch, 784-16-16-10) and P5 (a 64×64
// cost surface) run in Backprop Lab's release wasm (www/pkg) and in TensorFlow.js 4.22 (wasm and
// cpu backends, npm dev dependencies), P1 also in an object-graph network in TF Playground's
// style, P2 also in NumPy (a python3 child, when numpy imports). Every contestant runs on one
// thread. The rounds interleave the contestants (their order rotated each round) so a noisy
// machine slows each alike; every ratio is taken within one round, then summarised over rounds.
import os from "node:os";
import { readFileSync } from "node:fs";
import { p1 } from "./peers/p1.mjs";
import { p2, flopPerExample, coldEpochs } from "./peers/p2.mjs";
import { p5 } from "./peers/p5.mjs";
import { tensorflow, median, rotate, ratioText, pass } from "./peers/common.mjs";
import { wasmSimdPeak } from "./peers/simd_peak.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  if (i + 1 >= args.length) throw new Error(`${name} needs a value`);
  return args[i + 1];
};
const ROUNDS = Number(option("--rounds", "5"));
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 100) throw new Error(`--rounds must be a whole number from 1 to 100, got ${option("--rounds")}`);
const ONLY = option("--only", "P1,P2,P5").split(",");
for (const id of ONLY) if (!["P1", "P2", "P5"].includes(id)) throw new Error(`--only: unknown workload ${id} (P1, P2, P5)`);

const COLD_PROCESSES = Math.min(ROUNDS, 3); // fresh processes timed for P2's cold epoch
const cpuMhz = (() => {
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/cpu MHz\s*:\s*([\d.]+)/);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
})();
const started = performance.now();
let simdPeak = null; // P2's wasm SIMD bound (measureSimdPeak)
const { version: tfVersion, simd } = await tensorflow();
console.log(`$ ${process.env.BENCH_COMMAND ?? `node ${process.argv.slice(1).join(" ")}`}`);
console.log(
  `Node ${process.version} (V8 ${process.versions.v8}), TensorFlow.js ${tfVersion} (wasm backend ${simd ? "with" : "without"} SIMD, 1 thread), ` +
    `${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}${cpuMhz ? ` at ${(cpuMhz / 1000).toFixed(2)} GHz` : ""}, ` +
    `load average ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}; ${ROUNDS} rounds`,
);

const workloads = [];
if (ONLY.includes("P1")) workloads.push(await p1());
if (ONLY.includes("P2")) workloads.push(await p2());
if (ONLY.includes("P5")) workloads.push(await p5());
for (const w of workloads) {
  if (w.skipped) continue;
  w.contestants.forEach((c, i) => { c.key ??= `${w.id}-${i}`; c.values = []; });
  for (const c of w.contestants) await c.setup(); // and warm up
  w.cold = [];
}
if (ONLY.includes("P2")) await measureSimdPeak();
console.log(`set-up and warm-up: ${((performance.now() - started) / 1000).toFixed(1)} s`);

for (let round = 0; round < ROUNDS; round++) {
  for (const w of workloads) {
    if (w.skipped) continue;
    // The short workloads (P1, P5) run several sub-rounds per round: more pairs of measurements
    // taken close together, for the same share of the run's time.
    for (let sub = 0; sub < (w.repeats ?? 1); sub++)
      for (const c of rotate(w.contestants, (round + sub) % w.contestants.length)) c.values.push(await c.run());
    if (w.id === "P2" && round < COLD_PROCESSES) w.cold.push(coldEpochs());
    if (w.id === "P2" && w.gemmNow) w.gemm = [w.gemm, await w.gemmNow()].reduce((a, b) => (!a || b.gflops > a.gflops ? b : a), null);
    if (w.id === "P2") await measureSimdPeak();
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}

for (const w of workloads) {
  console.log("");
  if (w.skipped) {
    console.log(`${w.id}: skipped — ${w.skipped}`);
    continue;
  }
  const by = Object.fromEntries(w.contestants.map((c) => [c.key, c]));
  // How many times faster a is than b in each round.
  const ratios = (a, b) => a.values.map((v, r) => (w.higherIsBetter ? v / b.values[r] : b.values[r] / v));
  const fmtRange = (c) => `${w.format(median(c.values))} [${w.format(Math.min(...c.values))} – ${w.format(Math.max(...c.values))}]`;
  console.log(`${w.title}`);
  const samples = w.contestants[0].values.length;
  console.log(`  ${w.unit}, ${w.higherIsBetter ? "higher" : "lower"} is better: median of ${samples} measurement${samples > 1 ? "s" : ""} each (${ROUNDS} round${ROUNDS > 1 ? "s" : ""}${w.repeats > 1 ? ` × ${w.repeats}` : ""}) [lowest – highest]; ` +
    `"×": Backprop Lab's speed over the peer's (${w.higherIsBetter ? "its rate ÷ the peer's" : "the peer's time ÷ its"}) in each (sub-)round, median [range]; > 1: Backprop Lab faster`);
  const width = Math.max(...w.contestants.map((c) => c.name.length));
  for (const c of w.contestants) {
    const bl = c.name.startsWith("Backprop Lab");
    const vs = c.vs ? by[c.vs] : w.contestants[0];
    const ratio = bl ? "" : `   ${ratioText(ratios(vs, c))}`;
    console.log(`  ${c.name.padEnd(width)}  ${fmtRange(c)}${ratio}`);
    if (w.id === "P2") {
      const gflops = (flopPerExample(c.batch) * 60_000) / median(c.values) / 1e9;
      let line = `${" ".repeat(width + 4)}${gflops.toFixed(2)} GFLOP/s`;
      if (bl) line += ` = ${((gflops / nativeBound(w.gemm)) * 100).toFixed(0)} % of the native bound` +
        `, ${((gflops / wasmBound()) * 100).toFixed(0)} % of the wasm SIMD bound`;
      console.log(line);
    }
    for (const line of targets(w, c, by, ratios)) console.log(`${" ".repeat(width + 4)}${line}`);
  }
  if (w.id === "P2") {
    const r = w.cold.map((c) => c.cold / median(c.warm));
    const m = median(r);
    console.log(`  first epoch of a fresh process (instantiate the extras wasm, build the trainer, batch 10) against its 2nd and 3rd:`);
    console.log(`    cold ${median(w.cold.map((c) => c.cold)).toFixed(3)} s, warm ${median(w.cold.map((c) => median(c.warm))).toFixed(3)} s (medians of ${w.cold.length} processes); ` +
      `cold ÷ warm ${m.toFixed(2)} [${Math.min(...r).toFixed(2)} – ${Math.max(...r).toFixed(2)}]; target ≤ 1.30: ${pass(m <= 1.3)}`);
    console.log(`    (the wasm's instantiation and the trainer's set-up, outside the epoch: ${median(w.cold.map((c) => c.instantiate)).toFixed(3)} s)`);
  }
  for (const c of w.contestants) {
    const text = await c.after();
    if (text) console.log(`  check, ${c.name}: ${text}`);
  }
  for (const n of [...w.notes, ...(w.id === "P2" ? boundNotes(w.gemm) : [])]) console.log(`  note: ${n}`);
  w.close?.();
}
console.log(`\npeers bench: ${((performance.now() - started) / 1000).toFixed(0)} s in all`);

/** P2's FLOP bounds, GFLOP/s: native f32 GEMM on one core (measured by NumPy, else issue 11's figure). */
function nativeBound(gemm) {
  return gemm ? gemm.gflops : 94;
}
/** 128-bit wasm SIMD without FMA, measured on this core (peers/simd_peak.mjs), best so far. */
async function measureSimdPeak() {
  const now = await wasmSimdPeak({ repeats: 5 });
  if (!simdPeak || now.gflops > simdPeak.gflops) simdPeak = now;
}
function wasmBound() {
  return simdPeak.gflops;
}
function boundNotes(gemm) {
  const out = [
    gemm
      ? `native bound ${gemm.gflops.toFixed(1)} GFLOP/s: NumPy's f32 ${gemm.n}³ matrix product on one BLAS thread, the best of 5 products in each of the ${ROUNDS} rounds and at set-up, measured in this run (the most this core does with these FLOPs; ${(flopPerExample(10) * 0.06 / gemm.gflops).toFixed(0)} ms per B = 10 epoch)`
      : "native bound 94 GFLOP/s: issue 11's one-core f32 GEMM peak for this machine kind (not measured: NumPy skipped)",
  ];
  out.push(`wasm SIMD bound ${wasmBound().toFixed(1)} GFLOP/s: measured in this run — f32x4 multiplies and adds in ${simdPeak.chains} independent chains of each, ` +
    `no memory traffic (xtask/bench/peers/simd_peak.mjs; wasm has no fused multiply-add), the best at set-up and in each round: ` +
    `${(flopPerExample(10) * 0.06 / wasmBound()).toFixed(0)} ms per B = 10 epoch at best, so the ≤ 0.100 s target asks for ${((flopPerExample(10) * 60_000) / 0.1 / 1e9 / wasmBound() * 100).toFixed(0)} % of it`);
  return out;
}

/** Issue 11's targets for Backprop Lab's figures, PASS or MISS. */
function targets(w, c, by, ratios) {
  const m = median(c.values);
  const out = [];
  if (w.id === "P1" && c.key === w.contestants[0].key) {
    out.push(`target ≥ 10 M samples/s: ${pass(m >= 10e6)}`);
    const nn = w.contestants.find((p) => p.peer === "nnStyle");
    if (nn) {
      const r = median(ratios(c, nn));
      out.push(`target ≥ 20× TF Playground's nn.ts (≈ 0.5 M here; our object-graph peer in its style stands in): ${r.toFixed(1)}× — ${pass(r >= 20)}`);
    }
    const tfs = w.contestants.filter((p) => p.peer === "tfjs");
    if (tfs.length) {
      const best = c.values.map((v, r) => v / Math.max(...tfs.map((p) => p.values[r])));
      const r = median(best);
      out.push(`target ≥ 400× TF.js (its faster backend in each round): ${r.toFixed(0)}× — ${pass(r >= 400)}`);
    }
  }
  if (w.id === "P2" && c.key === "bl10") out.push(`target ≤ 0.100 s per epoch: ${pass(m <= 0.1)}`);
  if (w.id === "P2" && c.key === "bl100") {
    if (by.np100) {
      const r = median(ratios(c, by.np100));
      out.push(`target faster than NumPy's f32 matrix form at batch 100 in the same rounds: ${r.toFixed(2)}× — ${pass(r > 1)}`);
    } else out.push(`target faster than NumPy at batch 100: not measured (NumPy skipped)`);
  }
  if (w.id === "P5" && c.key === w.contestants[0].key) out.push(`target ≤ 3 ms: ${pass(m <= 3)}`);
  return out;
}
