// MNIST for the Digits scene: the gzip files `cargo xtask build` packs into www/data/, fetched
// with byte-level progress and inflated with the browser's DecompressionStream. No DOM: the
// Web Worker (digits-worker.js) runs this, so the page never waits for it.

/** The four IDX files of one set, in the order Digits' constructor takes them. */
export const FILES = ["train-images", "train-labels", "test-images", "test-labels"];

/**
 * Fetch www/data/manifest.json and the four files of `set` ("full" or "light").
 * onProgress(loaded, total) reports compressed bytes. Resolves to { counts, bytes: [Uint8Array × 4] }.
 */
export async function loadMnist(dataUrl, set, onProgress = () => {}) {
  const manifestResponse = await fetch(new URL("manifest.json", dataUrl));
  if (!manifestResponse.ok) {
    throw new Error(`MNIST is missing (${manifestResponse.status} for www/data/manifest.json): run \`cargo xtask build\``);
  }
  const manifest = await manifestResponse.json();
  const entry = manifest[set];
  if (!entry) throw new Error(`unknown MNIST set "${set}": choose "full" or "light"`);
  const files = FILES.map((name) => entry.files[name]);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const loaded = new Array(files.length).fill(0);
  const report = () => onProgress(loaded.reduce((a, b) => a + b, 0), total);
  report();
  const bytes = await Promise.all(files.map((f, i) => fetchGzip(new URL(f.url, dataUrl), f.rawBytes, (n) => {
    loaded[i] = n;
    report();
  })));
  return { counts: { train: entry.train, test: entry.test }, bytes, source: manifest.source };
}

/**
 * Fetch one .gz file with byte-level progress, then inflate it. XMLHttpRequest's progress
 * events count the compressed bytes (reading fetch()'s body stream chunk by chunk works too,
 * but Chromium then sometimes reports the finished request as aborted).
 */
async function fetchGzip(url, rawBytes, onBytes) {
  const compressed = await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.responseType = "arraybuffer";
    xhr.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      if (xhr.status !== 200) reject(new Error(`could not load ${url.pathname} (${xhr.status}): run \`cargo xtask build\``));
      else {
        onBytes(xhr.response.byteLength);
        resolve(xhr.response);
      }
    };
    xhr.onerror = () => reject(new Error(`could not load ${url.pathname}: the network request failed`));
    xhr.send();
  });
  const inflated = new Blob([compressed]).stream().pipeThrough(new DecompressionStream("gzip"));
  const out = new Uint8Array(rawBytes);
  let at = 0;
  const reader = inflated.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.byteLength > out.length) throw new Error(`${url.pathname} inflates to more than the ${rawBytes} bytes the manifest says`);
    out.set(value, at);
    at += value.byteLength;
  }
  if (at !== rawBytes) throw new Error(`${url.pathname} inflated to ${at} bytes, not ${rawBytes} (truncated?)`);
  return out;
}
