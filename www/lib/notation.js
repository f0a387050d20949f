// 3Blue1Brown's notation as plain text, in one place: a layer index written as a superscript is
// always in parentheses (a⁽³⁾ⱼ, never a³ⱼ, which reads as a power), neuron indices are
// subscripts, and two indices get a comma when one has two digits (w⁽¹⁾₁₀,₂). Pure: no DOM.
// Unit-tested in notation.test.js; the MathML forms are in backprop-math.js.

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
