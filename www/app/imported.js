// The imported data set (a CSV file read by the core's parseCsvPoints, extras module): too big
// for the URL, so the page keeps it here and in this browser's localStorage, and the link says
// only `dataset=imported` (or `importedValues`). A link opened where no data was imported gets the
// core's refusal as a notice and the default data set, like any other bad value.
// No DOM beyond localStorage; the Playground config reads the points from here (store.js).

const KEY = "backprop-lab:imported";
/** The data set names whose points come from here. */
export const IMPORTED = new Set(["imported", "importedValues"]);

let current; // undefined: not read yet; null: none

/**
 * The imported data: { name, labels, dataset, points (Float32Array x, y, label…), classNames,
 * x1Range, x2Range, labelRange, header, separator, rows }, or null.
 */
export function importedData() {
  if (current === undefined) current = read();
  return current;
}

/** The points for a data set name: the imported ones if they are of that kind, else none. */
export function importedPoints(dataset) {
  const data = importedData();
  return data && data.dataset === dataset ? data.points : new Float32Array(0);
}

/**
 * Make `data` the imported data (null: none) and keep it in localStorage. Returns null, or a
 * sentence saying why it could not be kept for the next visit (it is still used now).
 */
export function setImported(data) {
  current = data;
  try {
    if (data === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify({ ...data, points: Array.from(data.points) }));
    return null;
  } catch (e) {
    return `it is used now but this browser would not keep it for the next visit (${e.message})`;
  }
}

function read() {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (!raw || !IMPORTED.has(raw.dataset) || !Array.isArray(raw.points) || raw.points.length % 3 !== 0) return null;
    if (!raw.points.every((v) => typeof v === "number" && Number.isFinite(v))) return null;
    return { ...raw, points: Float32Array.from(raw.points) };
  } catch {
    return null; // no storage (a sandboxed frame), or a value some other page wrote
  }
}
