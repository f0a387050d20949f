// Pure MathML builders for the backprop panel, in 3Blue1Brown's notation: no DOM, no wasm.
// Every value is passed in (it comes from the core); null prints "?" (not computed yet).
// Unit-tested in backprop-math.test.js. Numbers are written by notation.js's fmtNum.

import { fmtNum } from "./notation.js";

/** Text made safe for HTML. */
export const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const mi = (s) => `<mi>${esc(s)}</mi>`;
export const mo = (s) => `<mo>${esc(s)}</mo>`;
export const mrow = (...parts) => `<mrow>${parts.join("")}</mrow>`;
/** A value: <mn>, marked "pending" when not computed; `name` lets tests and styles find it. */
export function mn(v, name = "") {
  const cls = v === null || v === undefined ? ` class="pending"` : "";
  const data = name ? ` data-factor="${esc(name)}"` : "";
  return `<mn${cls}${data}>${esc(fmtNum(v))}</mn>`;
}
export const paren = (x) => mrow(mo("("), x, mo(")"));

/** A constant written exactly, as MathML: 0.9 as <mn>0.9</mn>, below 10⁻³ as a power of ten
 *  (1e-8 as 10⁻⁸, 2.5e-4 as 2.5 × 10⁻⁴). For the optimizer's constants beside the controls. */
export function mathNumber(v) {
  if (v !== 0 && Math.abs(v) < 1e-3) {
    const [m, e] = v.toExponential().split("e");
    const power = `<msup><mn>10</mn><mrow><mo>−</mo><mn>${esc(String(-Number(e)))}</mn></mrow></msup>`;
    return m === "1" ? power : mrow(`<mn>${esc(m)}</mn>`, mo("×"), power);
  }
  return `<mn>${esc(String(v))}</mn>`;
}

/**
 * One index or a list of them as a MathML subscript: numbers as <mn>, letters as <mi>, each its
 * own token (w⁽²⁾₁₀ is j = 1, k = 0, not "ten"); a comma separates them when one has two digits.
 */
function indices(sub) {
  const list = Array.isArray(sub) ? sub : [sub];
  const token = (i) => (typeof i === "number" || /^\d+$/.test(String(i)) ? `<mn>${esc(i)}</mn>` : mi(i));
  if (list.length === 1) return token(list[0]);
  const comma = list.some((i) => String(i).length > 1) ? mo(",") : "<mo>&#x2063;</mo>";
  return mrow(...list.map(token).flatMap((t, n) => (n ? [comma, t] : [t])));
}

/**
 * base with subscript and a parenthesised superscript layer: w⁽ˡ⁾ⱼₖ. `sub` is an index (0 is
 * one), a list of indices, or null / "" for none; `l` null for no layer.
 */
export function sym(base, l, sub = null) {
  const b = base.length === 1 ? mi(base) : `<mi mathvariant="normal">${esc(base)}</mi>`;
  const sup = l === null ? "" : mrow(mo("("), `<mn>${l}</mn>`, mo(")"));
  const none = sub === null || sub === undefined || sub === "" || (Array.isArray(sub) && sub.length === 0);
  if (none && !sup) return b;
  if (!sup) return `<msub>${b}${indices(sub)}</msub>`;
  if (none) return `<msup>${b}${sup}</msup>`;
  return `<msubsup>${b}${indices(sub)}${sup}</msubsup>`;
}

/** ∂top / ∂bottom as a fraction. */
export const partial = (top, bottom) => `<mfrac>${mrow(mo("∂"), top)}${mrow(mo("∂"), bottom)}</mfrac>`;
export const C0 = `<msub><mi>C</mi><mn>0</mn></msub>`;
/** f′(z⁽ˡ⁾ⱼ): σ′ for a sigmoid layer, f′ for every other activation. */
const fprime = (l, j, act = "sigmoid") => mrow(`<msup><mi>${act === "sigmoid" ? "σ" : "f"}</mi><mo>′</mo></msup>`, paren(sym("z", l, j)));
const math = (...rows) => `<math display="block">${rows.length === 1 ? rows[0] : `<mtable columnalign="left">${rows.map((r) => `<mtr><mtd>${r}</mtd></mtr>`).join("")}</mtable>`}</math>`;
const times = mo("·");
/** Products per row of a z-sum with its numbers (the bias counts as one: a 2-neuron layer is one row). */
const TERMS_PER_ROW = 3;
const mspace = `<mspace width="1em"></mspace>`;
const eq = mo("=");

/**
 * The chain rule of one parameter. p = { kind: "weight"|"bias", l, j, k }; v = { aPrev, fprime,
 * dCda, delta, grad } (numbers or null). `softmax`: the layer couples its outputs, so the chain
 * goes through δ⁽ˡ⁾ⱼ directly. `act`: layer l's activation (σ′ for a sigmoid, else f′).
 */
export function chainRule(p, v, { softmax = false, act = "sigmoid" } = {}) {
  const { l, j, k } = p;
  const param = p.kind === "weight" ? sym("w", l, [j, k]) : sym("b", l, j);
  const lhs = partial(C0, param);
  const first = p.kind === "weight" ? [partial(sym("z", l, j), param), mn(v.aPrev, "aPrev"), sym("a", l - 1, k)] : [partial(sym("z", l, j), param), mn(1, "one"), mn(1)];
  if (softmax) {
    return math(
      mrow(lhs, eq, first[0], times, partial(C0, sym("z", l, j))),
      mrow(eq, p.kind === "weight" ? first[2] : mn(1), times, sym("δ", l, j)),
      mrow(eq, first[1], times, mn(v.delta, "delta"), eq, mn(v.grad, "grad")),
    );
  }
  return math(
    mrow(lhs, eq, first[0], times, partial(sym("a", l, j), sym("z", l, j)), times, partial(C0, sym("a", l, j))),
    mrow(eq, p.kind === "weight" ? first[2] : mn(1), times, fprime(l, j, act), times, partial(C0, sym("a", l, j))),
    mrow(eq, first[1], times, mn(v.fprime, "fprime"), times, mn(v.dCda, "dCda"), eq, mn(v.grad, "grad")),
  );
}

/**
 * ∂C₀/∂a⁽ˡ⁾ⱼ of a hidden neuron as its sum over the n neurons i of layer l + 1. t is the core's
 * chainTerms(l, j) ({ w, derivative, activationGradient, delta, products, sum }) or null.
 * `act`: layer l + 1's activation.
 */
export function hiddenSum(l, j, n, t, { softmax = false, act = "sigmoid" } = {}) {
  const up = l + 1;
  const head = mrow(
    partial(C0, sym("a", l, j)), eq,
    `<munder><mo>∑</mo><mi>i</mi></munder>`,
    sym("w", up, ["i", j]), times,
    softmax ? sym("δ", up, "i") : mrow(fprime(up, "i", act), times, partial(C0, sym("a", up, "i"))),
  );
  const terms = [];
  for (let i = 0; i < n; i++) {
    const f = (arr, name) => mn(t ? arr[i] : null, `${name}-${i}`);
    const inner = softmax
      ? mrow(f(t?.w, "w"), times, f(t?.delta, "delta"))
      : mrow(f(t?.w, "w"), times, f(t?.derivative, "fprime"), times, f(t?.activationGradient, "dCda"));
    terms.push(paren(inner));
  }
  return math(head, mrow(eq, ...terms.flatMap((x, i) => (i ? [mo("+"), x] : [x]))), mrow(eq, mn(t ? t.sum : null, "sum")));
}

/**
 * z⁽ˡ⁾ⱼ = Σₖ w⁽ˡ⁾ⱼₖ a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ with its actual terms, and a⁽ˡ⁾ⱼ = f(z). w, aPrev: arrays over k.
 */
export function zExpansion(l, j, { w, aPrev, b, z, a, act }) {
  const terms = w.map((wk, k) => mrow(mn(wk, `w-${k}`), times, mn(aPrev ? aPrev[k] : null, `a-${k}`)));
  // The sum with its numbers, TERMS_PER_ROW products a row, so a wide layer's line wraps instead
  // of running out of the panel (MathML has no line breaking in Chromium).
  const parts = [...terms, mn(b, "b")];
  const rows = [];
  for (let i = 0; i < parts.length; i += TERMS_PER_ROW) {
    const chunk = parts.slice(i, i + TERMS_PER_ROW).flatMap((x, n) => (n || i ? [mo("+"), x] : [x]));
    rows.push(mrow(i ? mspace : eq, ...chunk, ...(i + TERMS_PER_ROW >= parts.length ? [eq, mn(z, "z")] : [])));
  }
  return math(
    mrow(sym("z", l, j), eq, `<munder><mo>∑</mo><mi>k</mi></munder>`, sym("w", l, [j, "k"]), sym("a", l - 1, "k"), mo("+"), sym("b", l, j)),
    ...rows,
    mrow(sym("a", l, j), eq, mi(act === "sigmoid" ? "σ" : act), paren(sym("z", l, act === "softmax" ? null : j)), eq, mn(a, "a")),
  );
}
