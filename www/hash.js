// Pure URL-hash encoding driven by one declarative table: no DOM, no wasm.
// A table row is { key, field, type, default, validate? }:
//   key       the name in the hash ("lr")
//   field     the name in the store / Playground config ("learningRate")
//   label     the control's human name, for messages ("Learning rate η")
//   type      one of TYPES below: how to parse and serialize the text
//   default   the value used when the key is missing or bad (taken from Rust's defaults())
//   validate  optional (value) => error string | null, checked after parsing
// Unit-tested in hash.test.js.

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function parseNumber(s) {
  if (!NUMBER.test(s)) throw new Error("not a number");
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error("not finite");
  return v;
}

function parseInteger(s) {
  const v = parseNumber(s);
  if (!Number.isInteger(v)) throw new Error("not an integer");
  return v;
}

/** How each type reads and writes text. parse throws on bad text. */
export const TYPES = {
  number: { parse: parseNumber, serialize: (v) => String(v) },
  int: { parse: parseInteger, serialize: (v) => String(v) },
  string: { parse: (s) => s, serialize: (v) => v },
  bool: {
    parse: (s) => {
      if (s === "true" || s === "1") return true;
      if (s === "false" || s === "0") return false;
      throw new Error("not true/false");
    },
    serialize: (v) => (v ? "true" : "false"),
  },
  // "4,2" ↔ [4, 2]; "" ↔ [] (no hidden layer)
  intList: {
    parse: (s) => (s === "" ? [] : s.split(",").map(parseInteger)),
    serialize: (v) => v.join(","),
  },
  stringList: {
    parse: (s) => (s === "" ? [] : s.split(",")),
    serialize: (v) => v.join(","),
  },
  // custom points "x,y,label;x,y,label" ↔ flat [x, y, label, …]
  points: {
    parse: (s) => {
      if (s === "") return [];
      const out = [];
      for (const p of s.split(";")) {
        const parts = p.split(",");
        if (parts.length !== 3) throw new Error("a point needs x,y,label");
        out.push(...parts.map(parseNumber));
      }
      return out;
    },
    serialize: (v) => {
      const parts = [];
      for (let i = 0; i + 2 < v.length; i += 3) parts.push(`${v[i]},${v[i + 1]},${v[i + 2]}`);
      return parts.join(";");
    },
  },
};

/** Split "#a=1&b=2" into a Map of raw (decoded) strings. Later duplicates win. */
export function splitHash(hash) {
  const map = new Map();
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  for (const pair of body.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const k = eq < 0 ? pair : pair.slice(0, eq);
    const raw = eq < 0 ? "" : pair.slice(eq + 1);
    let v;
    try {
      v = decodeURIComponent(raw);
    } catch {
      v = raw;
    }
    map.set(decodeURIComponent(k), v);
  }
  return map;
}

/**
 * Read a hash against the table. Missing keys take their default silently; a bad value takes
 * its default and adds a notice; unknown keys are ignored.
 * Returns { values: { field: value }, notices: [string] }.
 */
export function decodeHash(hash, table) {
  const raw = splitHash(hash);
  const values = {};
  const notices = [];
  for (const row of table) {
    const type = TYPES[row.type];
    values[row.field] = row.default;
    if (!raw.has(row.key)) continue;
    const text = raw.get(row.key);
    let v;
    try {
      v = type.parse(text);
      const problem = row.validate ? row.validate(v) : null;
      if (problem) throw new Error(problem);
    } catch (e) {
      notices.push(
        `Ignored bad value for ${row.key}: '${text}' (${e.message}) — using ${type.serialize(row.default) || "none"}`,
      );
      continue;
    }
    values[row.field] = v;
  }
  return { values, notices };
}

/** Write every row of the table as "key=value&…" (no leading '#'). */
export function encodeHash(values, table) {
  return table
    .map((row) => `${row.key}=${encodeURIComponent(TYPES[row.type].serialize(values[row.field])).replace(/%2C/g, ",").replace(/%3B/g, ";")}`)
    .join("&");
}

/** Check a single value of a row as the hash decoder would: returns an error string or null. */
export function validateValue(row, value) {
  return row.validate ? row.validate(value) : null;
}
