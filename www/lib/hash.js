// Pure URL-hash encoding driven by one declarative table: no DOM, no wasm. Reading a link never
// throws: each '&'-separated part is decoded and checked on its own, a part that cannot be used is
// named in a notice and the rest of the link still applies.
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

/** The items of a list, each without the spaces around it ("4, 2" is [4, 2]). */
const items = (s, separator) => s.split(separator).map((item) => item.trim());

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
    parse: (s) => (s === "" ? [] : items(s, ",").map(parseInteger)),
    serialize: (v) => v.join(","),
  },
  stringList: {
    parse: (s) => (s === "" ? [] : items(s, ",")),
    serialize: (v) => v.join(","),
  },
  // custom points "x,y,label;x,y,label" ↔ flat [x, y, label, …]
  points: {
    parse: (s) => {
      if (s === "") return [];
      const out = [];
      for (const p of items(s, ";")) {
        const parts = items(p, ",");
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

/** The longest link body read (characters after '#'); the rest is ignored with a notice. */
export const MAX_HASH_LENGTH = 100000;

/** A piece of a link as a message shows it: in quotes, cut to 40 characters. */
export function quote(text) {
  const chars = Array.from(String(text)); // code points: a cut never splits a pair
  return `'${chars.length > 40 ? chars.slice(0, 40).join("") + "…" : chars.join("")}'`;
}

/** decodeURIComponent, or null where the text is not valid percent-encoding ("%", "%zz", "%E0%A4%A"). */
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Split a hash ("#a=1&b=2") into its parts, each decoded on its own, so one malformed part
 * cannot spoil the others. '+' is a plain '+' (as encodeURIComponent writes a link); spaces
 * around a key or a value are dropped.
 * Returns { parts: [{ at, key, value }], notices: [{ at, text }] }: `at` is the part's place in
 * the link; a part that is not percent-encoded properly, has no '=' or no key gets a notice
 * (quoting it, cut to 40 characters) instead of a place in `parts`. Empty parts ("a=1&&b=2") are
 * skipped.
 */
export function readParts(hash) {
  let body = String(hash ?? "");
  if (body.startsWith("#")) body = body.slice(1);
  const parts = [];
  const notices = [];
  let cut = null;
  if (body.length > MAX_HASH_LENGTH) {
    cut = body.length;
    body = body.slice(0, MAX_HASH_LENGTH);
  }
  const pieces = body.split("&");
  pieces.forEach((raw, at) => {
    if (cut !== null && at === pieces.length - 1) {
      notices.push({
        at,
        text: `Ignored the end of the link from ${quote(raw)}: it is ${cut} characters long and only the first ${MAX_HASH_LENGTH} are read`,
      });
      return;
    }
    if (raw.trim() === "") return;
    const eq = raw.indexOf("=");
    const key = decode(eq < 0 ? raw : raw.slice(0, eq));
    const value = eq < 0 ? "" : decode(raw.slice(eq + 1));
    if (key === null || value === null) {
      notices.push({ at, text: `Ignored ${quote(raw)}: it is not valid percent-encoding` });
    } else if (eq < 0) {
      notices.push({ at, text: `Ignored ${quote(key)}: a setting is written key=value` });
    } else if (key.trim() === "") {
      notices.push({ at, text: `Ignored ${quote(`${key}=${value}`)}: there is no setting name before '='` });
    } else {
      parts.push({ at, key: key.trim(), value: value.trim() });
    }
  });
  return { parts, notices };
}

/**
 * Read a hash against the table. Missing keys take their default silently. Every part that is
 * not used is named in a notice and changes nothing else: one that cannot be decoded, a bad
 * value (its key takes the default), an unknown key, and each repeat of a key but the one used
 * (the last good one).
 * Returns { values: { field: value }, given: { field: text }, notices: [string] }: `given` holds
 * the text of each value taken from the link, for the messages of a later check (settleValues).
 */
export function decodeHash(hash, table) {
  const { parts, notices } = readParts(hash);
  const byKey = new Map(table.map((row) => [row.key, []]));
  for (const p of parts) {
    if (byKey.has(p.key)) byKey.get(p.key).push(p);
    else notices.push({ at: p.at, text: `Ignored unknown setting ${quote(p.key)}` });
  }
  const values = {};
  const given = {};
  for (const row of table) {
    const type = TYPES[row.type];
    const tries = byKey.get(row.key).map((p) => {
      try {
        const v = type.parse(p.value);
        const problem = row.validate ? row.validate(v) : null;
        return problem ? { p, why: problem } : { p, v };
      } catch (e) {
        return { p, why: e.message };
      }
    });
    const used = tries.findLastIndex((t) => !("why" in t));
    values[row.field] = used < 0 ? row.default : tries[used].v;
    if (used >= 0) given[row.field] = tries[used].p.value;
    const shown = type.serialize(values[row.field]) || "none";
    tries.forEach((t, i) => {
      if (i === used) return;
      const text =
        "why" in t
          ? `Ignored bad value for ${row.key}: ${quote(t.p.value)} (${t.why}) — using ${shown}`
          : `Ignored ${quote(`${row.key}=${t.p.value}`)}: ${row.key} is given more than once — using ${shown}`;
      notices.push({ at: t.p.at, text });
    });
  }
  notices.sort((a, b) => a.at - b.at);
  return { values, given, notices: notices.map((n) => n.text) };
}

/**
 * At most `max` notices: past that, the last one says how many more there were (a link with
 * hundreds of bad parts must not bury the page under its message).
 */
export function summarizeNotices(list, max = 12) {
  if (list.length <= max) return list;
  return [...list.slice(0, max - 1), `… and ${list.length - max + 1} more problems in the link`];
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
