// CSV text of what the page shows, for a teacher's spreadsheet or handout: the data points
// (train / test marked) and the training history the loss chart holds. Every number is the
// core's, written as the shortest decimal that reads back to the same f32 — formatting only,
// no math.

/** The shortest decimal text of `v` that rounds back to the same f32 ("" for null / undefined). */
export function f32Text(v) {
  if (v === null || v === undefined) return "";
  if (!Number.isFinite(v)) return String(v);
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const t = Number(f.toPrecision(p));
    if (Math.fround(t) === f) return String(t);
  }
  return String(f);
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
function field(v) {
  const s = typeof v === "number" ? f32Text(v) : v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text: a header row, then one line per row (numbers through f32Text), "\n" line ends. */
export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}

/**
 * The data set as CSV: x1, x2, then `label` (a class index) or `value` (a regression target),
 * then `set` (train / test). `train`, `test`: the core's flat [x, y, label, …] arrays.
 */
export function dataCsv(train, test, regression) {
  const rows = [];
  for (const [flat, set] of [[train, "train"], [test, "test"]]) {
    for (let i = 0; i + 2 < flat.length; i += 3) rows.push([flat[i], flat[i + 1], flat[i + 2], set]);
  }
  return toCsv(["x1", "x2", regression ? "value" : "label", "set"], rows);
}

/**
 * The training history as CSV, one line per recorded sample: epoch, iteration, train and test
 * cost C, train and test accuracy (empty for regression). `samples`: { it, epoch, train, test,
 * trainAcc, testAcc }, as the loss chart keeps them.
 */
export function historyCsv(samples) {
  const acc = (v) => (Number.isFinite(v) ? v : null);
  return toCsv(
    ["epoch", "iteration", "train_cost", "test_cost", "train_accuracy", "test_accuracy"],
    samples.map((s) => [s.epoch ?? "", s.it, s.train, s.test, acc(s.trainAcc), acc(s.testAcc)]),
  );
}

/** Whether a file is data to import (a .csv, .tsv or .txt, or a text type) rather than a save file. */
export function isCsvFile(file) {
  return /\.(csv|tsv|txt)$/i.test(file?.name ?? "") || /^text\/(csv|tab-separated-values|plain)/.test(file?.type ?? "");
}
