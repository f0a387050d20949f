// MNIST for the Digits scene: the gzip files `cargo xtask build` packs into www/data/, fetched
// with byte-level progress and inflated with the browser's DecompressionStream. No DOM: the
// Web Worker (digits-worker.js) runs this, so the page never waits for it.

/** The four IDX files of one set, in the order Digits' constructor takes them. */
export const FILES = ["train-images", "train-labels", "test-images", "test-labels"];

/**
 * The four files of `set` ("full" or "light"), inflated. `data` is the URL of www/data/ (its
 * manifest.json and .gz files are fetched), or, in dist/backprop-lab.html, the same already in
 * memory: { manifest, files: { [the manifest's url]: Uint8Array of the .gz } }.
 * onProgress(loaded, total) reports compressed bytes. Resolves to { counts, bytes: [Uint8Array × 4] }.
 */
export async function loadMnist(data, set, onProgress = () => {}) {
  const inlined = typeof data !== "string";
  const manifest = inlined ? data.manifest : await fetchManifest(data);
  const entry = manifest[set];
  if (!entry) throw new Error(`unknown MNIST set "${set}": choose ${Object.keys(manifest).filter((k) => manifest[k].files).map((k) => `"${k}"`).join(" or ")}`);
  const files = FILES.map((name) => entry.files[name]);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const loaded = new Array(files.length).fill(0);
  const report = () => onProgress(loaded.reduce((a, b) => a + b, 0), total);
  report();
  const bytes = await Promise.all(files.map(async (f, i) => {
    const onBytes = (n) => {
      loaded[i] = n;
      report();
    };
    const compressed = inlined ? data.files[f.url] : await fetchBytes(new URL(f.url, data), onBytes);
    if (!compressed) throw new Error(`${f.url} is not in this file`);
    onBytes(compressed.byteLength);
    return inflate(compressed, f.rawBytes, f.url);
  }));
  return { counts: { train: entry.train, test: entry.test }, bytes, source: manifest.source };
}

async function fetchManifest(dataUrl) {
  const response = await fetch(new URL("manifest.json", dataUrl));
  if (!response.ok) {
    throw new Error(`MNIST is missing (${response.status} for www/data/manifest.json): run \`cargo xtask build\``);
  }
  return response.json();
}

/**
 * Fetch one .gz file with byte-level progress. XMLHttpRequest's progress events count the
 * compressed bytes (reading fetch()'s body stream chunk by chunk works too, but Chromium then
 * sometimes reports the finished request as aborted).
 */
function fetchBytes(url, onBytes) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.responseType = "arraybuffer";
    xhr.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      if (xhr.status !== 200) reject(new Error(`could not load ${url.pathname} (${xhr.status}): run \`cargo xtask build\``));
      else resolve(xhr.response);
    };
    xhr.onerror = () => reject(new Error(`could not load ${url.pathname}: the network request failed`));
    xhr.send();
  });
}

/** Inflate one .gz file (ArrayBuffer or Uint8Array) to the size the manifest gives. */
async function inflate(compressed, rawBytes, name) {
  const inflated = new Blob([compressed]).stream().pipeThrough(new DecompressionStream("gzip"));
  const out = new Uint8Array(rawBytes);
  let at = 0;
  const reader = inflated.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.byteLength > out.length) throw new Error(`${name} inflates to more than the ${rawBytes} bytes the manifest says`);
    out.set(value, at);
    at += value.byteLength;
  }
  if (at !== rawBytes) throw new Error(`${name} inflated to ${at} bytes, not ${rawBytes} (truncated?)`);
  return out;
}
