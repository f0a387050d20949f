// A link that carries a trained network (issue 15): every weight and bias as f32 in layer order
// (W⁽¹⁾ row by row, b⁽¹⁾, W⁽²⁾, b⁽²⁾, …), deflated (CompressionStream "deflate-raw") and written in
// base64url after a format tag — the URL key `weights=1.…`. Exact to the bit; no DOM, no wasm.

/** The most characters a whole link may have with its weights (chat apps, mail and slide tools cut longer). */
export const MAX_LINK = 8000;
const TAG = "1.";

const b64url = (bytes) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

function unb64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("it holds characters that are not base64url");
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function through(stream, bytes) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** How many parameters a network of `sizes` has. */
export const parameterCount = (sizes) => sizes.slice(1).reduce((n, s, i) => n + s * sizes[i] + s, 0);

/**
 * The `weights` value for a network's parameters.
 * @param {{ weights: Float32Array[], biases: Float32Array[] }} p  W⁽ˡ⁾ and b⁽ˡ⁾, l = 1..L
 */
export async function encodeWeights({ weights, biases }) {
  const n = weights.reduce((s, w, i) => s + w.length + biases[i].length, 0);
  const flat = new Float32Array(n);
  let at = 0;
  weights.forEach((w, i) => {
    flat.set(w, at);
    flat.set(biases[i], at + w.length);
    at += w.length + biases[i].length;
  });
  const bytes = new Uint8Array(flat.buffer); // little-endian on every platform a browser runs on
  return TAG + b64url(await through(new CompressionStream("deflate-raw"), bytes));
}

/**
 * The parameters a `weights` value carries, for a network of layer sizes `sizes`; throws an Error
 * saying what is wrong (another format, not base64url, not deflate, the wrong count, a value that
 * is not finite).
 */
export async function decodeWeights(text, sizes) {
  if (!String(text).startsWith(TAG)) throw new Error(`it is not a weights value of this version (it should start with "${TAG}")`);
  const packed = unb64url(String(text).slice(TAG.length));
  const want = parameterCount(sizes);
  if (packed.length > 16 * want * 4 + 1024) throw new Error("it is far longer than this network's parameters");
  let bytes;
  try {
    bytes = await through(new DecompressionStream("deflate-raw"), packed);
  } catch {
    throw new Error("it is not deflate-compressed data (the link may be cut short)");
  }
  if (bytes.length !== want * 4) throw new Error(`it holds ${Math.floor(bytes.length / 4)} numbers, but a ${sizes.join("-")} network has ${want} weights and biases`);
  const flat = new Float32Array(bytes.buffer, bytes.byteOffset, want);
  const bad = flat.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`number ${bad + 1} is ${flat[bad]}, not a finite number`);
  const weights = [], biases = [];
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nw = sizes[l] * sizes[l - 1];
    weights.push(flat.slice(at, at + nw));
    biases.push(flat.slice(at + nw, at + nw + sizes[l]));
    at += nw + sizes[l];
  }
  return { weights, biases };
}

/**
 * Splits `weights=…` off a URL hash: { hash (the rest, for the page's own decoding), weights
 * (the value, or null) }.
 */
export function takeWeights(hash) {
  const parts = String(hash).replace(/^#/, "").split("&");
  const i = parts.findIndex((p) => p.startsWith("weights="));
  if (i < 0) return { hash: parts.join("&"), weights: null };
  const weights = parts[i].slice("weights=".length);
  parts.splice(i, 1);
  return { hash: parts.join("&"), weights };
}
