// Saved digit networks: JSON with each layer's weights and biases as base64 of little-endian
// f32 (exact, and a third the size of decimal text). The pretrained network in
// www/data-pretrained/ uses the same format. Also reads Network.toJSON()'s plain arrays.
// Pure: no DOM, no wasm (unit-tested in digits-files.test.js).

export const FORMAT = "backprop-lab-digits/1";

export function encodeF32(values) {
  const f = Float32Array.from(values);
  const bytes = new Uint8Array(f.buffer);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function decodeF32(text) {
  const s = atob(text);
  if (s.length % 4) throw new Error("a layer's base64 does not hold whole f32 numbers");
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** The file text for a network: { layers, activations, cost, weights, biases } plus notes. */
export function saveNetwork({ layers, activations, cost, init, seed, weights, biases }, notes = {}) {
  return JSON.stringify({
    format: FORMAT,
    layers, activations, cost, init, seed, ...notes,
    weights: weights.map(encodeF32),
    biases: biases.map(encodeF32),
  }, null, 1);
}

/**
 * Parse a saved network; checks shapes against 784-…-10. Returns
 * { layers, activations, cost, weights: Float32Array[], biases: Float32Array[], notes }.
 */
export function loadNetwork(text) {
  let o;
  try {
    o = typeof text === "string" ? JSON.parse(text) : text;
  } catch (e) {
    throw new Error(`not a saved network: the file is not JSON (${e.message})`);
  }
  const { layers, activations, cost } = o ?? {};
  if (!Array.isArray(layers) || layers[0] !== 784 || layers.at(-1) !== 10) {
    throw new Error("not a digit network: its layers must go from 784 inputs to 10 outputs");
  }
  const depth = layers.length - 1;
  if (!Array.isArray(activations) || activations.length !== depth) throw new Error(`the file needs ${depth} activations, one per layer 1 to ${depth}`);
  const layer = (v) => (typeof v === "string" ? decodeF32(v) : Float32Array.from(v));
  const weights = (o.weights ?? []).map(layer);
  const biases = (o.biases ?? []).map(layer);
  for (let l = 1; l <= depth; l++) {
    if (weights[l - 1]?.length !== layers[l] * layers[l - 1]) throw new Error(`layer ${l} needs ${layers[l] * layers[l - 1]} weights`);
    if (biases[l - 1]?.length !== layers[l]) throw new Error(`layer ${l} needs ${layers[l]} biases`);
    if (![...weights[l - 1], ...biases[l - 1]].every(Number.isFinite)) throw new Error(`layer ${l} holds a number that is not finite`);
  }
  const { format, weights: _w, biases: _b, ...notes } = o;
  return { layers, activations, cost: cost ?? "quadratic", weights, biases, notes };
}
