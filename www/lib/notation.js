// 3Blue1Brown's notation and the page's numbers as plain text, in one place. Pure: no DOM.
// Unit-tested in notation.test.js; the MathML forms are in backprop-math.js.
//
// Notation: a layer index written as a superscript is always in parentheses (a⁽³⁾ⱼ, never a³ⱼ,
// which reads as a power), neuron indices are subscripts, and two indices get a comma when one
// has two digits (w⁽¹⁾₁₀,₂).
//
// Numbers: every number the page writes goes through one of the formatters at the end; none
// shows NaN or ∞ (they print "—"), and a value not computed yet prints "?" in the Backprop panel.

const SUP = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹", "-": "⁻", "+": "⁺", L: "ᴸ", l: "ˡ" };
const SUB = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", i: "ᵢ", j: "ⱼ", k: "ₖ", "-": "₋", "+": "₊" };

const map = (table, s) => String(s).split("").map((c) => table[c] ?? c).join("");

/** Superscript characters of n, without parentheses: for powers and the inside of layer(). */
export const sup = (n) => map(SUP, n);
/** Subscript characters of n (digits and i, j, k). */
export const sub = (n) => map(SUB, n);
/** A layer index as a superscript: layer(3) = "⁽³⁾". */
export const layer = (l) => `⁽${sup(l)}⁾`;
/** Subscript indices, comma-separated when one has two or more digits: ₀₁, ₁₀,₂. */
export const indices = (...list) => list.map(sub).join(list.some((i) => String(i).length > 1) ? "," : "");
/** A named symbol of layer l with neuron indices: sym("a", 2, 0) = "a⁽²⁾₀". */
export const sym = (base, l, ...ix) => `${base}${layer(l)}${indices(...ix)}`;
/** "w⁽³⁾₀₁" or "b⁽²⁾₁" of a parameter { kind, l, j, k }. */
export const paramName = (p) => (p.kind === "weight" ? sym("w", p.l, p.j, p.k) : sym("b", p.l, p.j));
/** f′ written as the activation's own derivative: σ′ for the sigmoid, else f′. */
export const derivativeName = (act) => (act === "sigmoid" ? "σ′" : "f′");
/** The activation function's symbol in a formula: σ for the sigmoid, else its name. */
export const activationName = (act) => (act === "sigmoid" ? "σ" : act);
/** How each of the core's input features (names().features) is written, as TF Playground does. */
export const FEATURE_LABELS = { x1: "X₁", x2: "X₂", x1sq: "X₁²", x2sq: "X₂²", x1x2: "X₁X₂", sinx1: "sin(X₁)", sinx2: "sin(X₂)" };
/** An input feature's label: featureLabel("x1sq") = "X₁²" (an unknown name as it is). */
export const featureLabel = (name) => FEATURE_LABELS[name] ?? String(name);

// ---- numbers ------------------------------------------------------------------------------------

/** A label (charts, tooltips, the Cost surface's readouts): 3 significant digits (or `digits`),
 *  1.2e-4 below 10⁻³, "—" when missing or not finite. */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(digits)).toString();
}

/** A value in the Backprop panel: 4 significant digits (or `digits`), exponents below 10⁻⁴ and
 *  from 10⁵, the minus sign U+2212; "?" for a value not computed yet (null), "—" if not finite. */
export function fmtNum(v, digits = 4) {
  if (v === null || v === undefined) return "?";
  if (!Number.isFinite(v)) return "—";
  if (v === 0) return "0";
  const t = Math.abs(v) < 1e-4 || Math.abs(v) >= 1e5 ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
  return t.replace(/-/g, "−");
}

/** Back from fmtNum's text to a number (NaN for "?" or "—"). */
export function parseNum(s) {
  return Number(String(s).trim().replace(/−/g, "-"));
}

/**
 * A number typed by a person: a decimal point or a decimal comma ("0.03", "0,03", "1,5e-3"), a
 * leading "−" or "-", spaces around. NaN for anything else (an empty field, "1,000.5", "1.2.3",
 * "abc") — the caller names the field and keeps its value.
 */
export function parseDecimal(text) {
  const t = String(text).trim().replace(/−/g, "-");
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)(e[-+]?\d+)?$/i.test(t)) return NaN;
  return Number(t.replace(",", "."));
}

/** `n` and the noun, singular for 1: plural(1, "hidden layer") = "1 hidden layer". */
export function plural(n, noun, nouns = `${noun}s`) {
  return `${count(n)} ${n === 1 ? noun : nouns}`;
}

/** A neuron's value in 3B1B's style: two decimals ("0.73", "−0.20"), from 10 whole numbers. */
export function neuronValue(v) {
  if (!Number.isFinite(v)) return "—";
  const t = Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2);
  return t.replace("-", "−");
}

/** A fixed number of decimals (as toFixed), "—" when missing or not finite. */
export function decimals(v, places) {
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(places) : "—";
}

/** `digits` significant digits, trailing zeros kept (as toPrecision: 3.00, 0.0356), "—" when
 *  missing or not finite. The Digits tab's η. */
export function significant(v, digits = 3) {
  return typeof v === "number" && Number.isFinite(v) ? v.toPrecision(digits) : "—";
}

/** A fraction as a percentage with `places` decimals: percent(0.9731, 1) = "97.3%"; `unit` is
 *  what follows the number (the Digits tab writes " %"). "—" when missing or not finite. */
export function percent(v, places = 1, unit = "%") {
  return typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(places)}${unit}` : "—";
}

/** A count, rounded, with thousands separators: count(60000) = "60,000". "—" if not finite. */
export function count(v) {
  return typeof v === "number" && Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "—";
}
