// The most f32 arithmetic this core does in 128-bit wasm SIMD, measured: a loop of f32x4
// multiplies and adds in independent chains (no loads, no stores; wasm has no fused
// multiply-add), written in the WebAssembly text format and assembled with binaryen.js (the
// npm dev dependency that already optimises our modules). It is P2's "wasm SIMD bound": no
// wasm kernel's multiply-adds can run faster on this machine, whatever its memory does.
//   node xtask/bench/peers/simd_peak.mjs      prints the figure for each chain count
import binaryen from "binaryen";

/** A module exporting peak(n, w, c): n loop turns, each `unroll` × `chains` × (one f32x4.mul, one f32x4.add). */
function module(chains, unroll) {
  const locals = [];
  const init = [];
  const body = [];
  for (let i = 0; i < chains; i++) {
    locals.push(`(local $m${i} v128) (local $s${i} v128)`);
    // Distinct starting values, from the arguments, so nothing is known at compile time.
    init.push(`(local.set $m${i} (f32x4.splat (f32.add (local.get $w) (f32.const ${i}))))`);
    init.push(`(local.set $s${i} (f32x4.splat (f32.add (local.get $c) (f32.const ${i}))))`);
  }
  for (let u = 0; u < unroll; u++)
    for (let i = 0; i < chains; i++) {
      body.push(`(local.set $m${i} (f32x4.mul (local.get $m${i}) (local.get $vw)))`);
      body.push(`(local.set $s${i} (f32x4.add (local.get $s${i}) (local.get $vc)))`);
    }
  // Every chain feeds the result, so none is dead code.
  let sum = "(f32x4.add (local.get $m0) (local.get $s0))";
  for (let i = 1; i < chains; i++) sum = `(f32x4.add ${sum} (f32x4.add (local.get $m${i}) (local.get $s${i})))`;
  const text = `(module (func (export "peak") (param $n i32) (param $w f32) (param $c f32) (result f32)
    (local $vw v128) (local $vc v128) ${locals.join(" ")}
    (local.set $vw (f32x4.splat (local.get $w)))
    (local.set $vc (f32x4.splat (local.get $c)))
    ${init.join("\n    ")}
    (block $done (loop $turn
      (br_if $done (i32.eqz (local.get $n)))
      ${body.join("\n      ")}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $turn)))
    (f32x4.extract_lane 0 ${sum})))`;
  const parsed = binaryen.parseText(text);
  parsed.setFeatures(binaryen.Features.MVP | binaryen.Features.SIMD128);
  if (!parsed.validate()) throw new Error("simd_peak: the generated module does not validate");
  const binary = parsed.emitBinary();
  parsed.dispose();
  return binary;
}

const UNROLL = 4;
const TURNS = 1_000_000;

/**
 * GFLOP/s of f32x4 multiplies and adds (4 FLOP each), the best of `repeats` timed loops for each
 * of 4 to 8 chains of each (the machine's latency and register file decide which is fastest).
 * Multiplying by 1 and adding 0 keeps every value as it is (no overflow, no subnormals).
 */
export async function wasmSimdPeak({ repeats = 10 } = {}) {
  const byChains = [];
  for (let chains = 4; chains <= 8; chains++) {
    const { instance } = await WebAssembly.instantiate(module(chains, UNROLL));
    const { peak } = instance.exports;
    peak(TURNS / 10, 1, 0); // into the optimising tier
    let best = 0;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const out = peak(TURNS, 1, 0);
      const seconds = (performance.now() - t0) / 1000;
      if (!Number.isFinite(out)) throw new Error("simd_peak: the chains left their values");
      best = Math.max(best, (TURNS * UNROLL * chains * 2 * 4) / seconds / 1e9);
    }
    byChains.push({ chains, gflops: best });
  }
  const best = byChains.reduce((a, b) => (b.gflops > a.gflops ? b : a));
  return { gflops: best.gflops, chains: best.chains, byChains };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { gflops, chains, byChains } = await wasmSimdPeak();
  for (const c of byChains) console.log(`${c.chains} chains of each: ${c.gflops.toFixed(1)} GFLOP/s`);
  console.log(`wasm SIMD peak: ${gflops.toFixed(1)} GFLOP/s (${chains} chains)`);
}
