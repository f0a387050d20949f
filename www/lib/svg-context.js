// A recording 2D context (issue 15's SVG figures): the part of CanvasRenderingContext2D the views
// draw with — paths, arcs, rectangles, text, images, transforms, clips, alpha, dashes — written
// as SVG elements instead of pixels. A view draws into it through its own code (captureContext
// tees the view's own context into it for one frame), so an SVG figure is the view's drawing,
// with vector lines, circles and text; raster parts (a heatmap's ImageData, a digit's 28 × 28
// image) become <image> elements of their own pixels. Its coordinates are the canvas's backing
// pixels (what fitCanvas's setTransform(dpr, …) maps to), so the SVG is the PNG's size.
// What an SVG cannot be (reading pixels back, a partial clearRect, gradients) throws an
// SvgUnsupported error naming the call; shadows (the hover glow) are kept as state and not drawn.

/** The error for a 2D call an SVG cannot record. */
export class SvgUnsupported extends Error {
  constructor(what) {
    super(`an SVG cannot record ctx.${what}`);
    this.name = "SvgUnsupported";
  }
}

const TAU = Math.PI * 2;
const ID = [1, 0, 0, 1, 0, 0];

/** A number for an attribute: three decimals, no "-0". */
const num = (v) => {
  const r = Math.round(v * 1000) / 1000;
  return String(r === 0 ? 0 : r);
};

/** Text and attribute values with &, <, >, " and ' escaped. */
export function escapeXml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const attrs = (o) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === "number" ? num(v) : v)}"`)
    .join("");

/** A matrix product A · B of [a, b, c, d, e, f] transforms. */
const mul = (A, B) => [
  A[0] * B[0] + A[2] * B[1], A[1] * B[0] + A[3] * B[1],
  A[0] * B[2] + A[2] * B[3], A[1] * B[2] + A[3] * B[3],
  A[0] * B[4] + A[2] * B[5] + A[4], A[1] * B[4] + A[3] * B[5] + A[5],
];
const apply = (m, x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const scaleOf = (m) => Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
const matrix = (m) => (m.every((v, i) => Math.abs(v - ID[i]) < 1e-9) ? undefined : `matrix(${m.map(num).join(" ")})`);

/**
 * A CSS colour string as { color: "rgb(r,g,b)" | a name, alpha }; null for what a canvas would
 * ignore (an unparsable string). SVG 1.1 tools know no rgba(), so alpha goes into *-opacity.
 */
export function parseColor(s) {
  if (typeof s !== "string") return null;
  const t = s.trim().toLowerCase();
  if (t === "transparent") return { color: "rgb(0,0,0)", alpha: 0 };
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(t);
  if (m) {
    let h = m[1];
    if (h.length <= 4) h = [...h].map((c) => c + c).join("");
    const v = (i) => parseInt(h.slice(i, i + 2), 16);
    return { color: `rgb(${v(0)},${v(2)},${v(4)})`, alpha: h.length === 8 ? v(6) / 255 : 1 };
  }
  m = /^rgba?\(\s*([-\d.]+)[\s,]+([-\d.]+)[\s,]+([-\d.]+)\s*(?:[,/]\s*([\d.]+)(%?)\s*)?\)$/.exec(t);
  if (m) {
    const c = (v) => Math.max(0, Math.min(255, Math.round(Number(v))));
    const a = m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1);
    return { color: `rgb(${c(m[1])},${c(m[2])},${c(m[3])})`, alpha: Math.max(0, Math.min(1, a)) };
  }
  return /^[a-z]+$/.test(t) ? { color: t, alpha: 1 } : null;
}

/** A CSS font shorthand as SVG font attributes (the whole string as style where it is not simple). */
function fontAttrs(font) {
  const m = /^\s*((?:(?:italic|oblique|normal|bold|bolder|lighter|[1-9]00)\s+)*)([\d.]+)px\s+(.+?)\s*$/i.exec(font);
  if (!m) return { style: `font: ${font}` };
  const words = m[1].trim().toLowerCase().split(/\s+/);
  return {
    "font-family": m[3],
    "font-size": Number(m[2]),
    "font-style": words.find((w) => w === "italic" || w === "oblique"),
    "font-weight": words.find((w) => /^(bold|bolder|lighter|[1-9]00)$/.test(w)),
  };
}
const fontSize = (font) => Number(/([\d.]+)px/.exec(font)?.[1] ?? 10);

/** How far below the textBaseline line the alphabetic baseline is, in em, where nothing measures. */
const BASELINE_EM = { top: 0.76, hanging: 0.76, middle: 0.26, alphabetic: 0, ideographic: -0.24, bottom: -0.24 };

/** The browser's own text metrics (a canvas context of its own), or an estimate outside one. */
function defaultMeasure() {
  let probe = null;
  try {
    if (typeof OffscreenCanvas !== "undefined") probe = new OffscreenCanvas(1, 1).getContext("2d");
    else if (typeof document !== "undefined") probe = document.createElement("canvas").getContext("2d");
  } catch {
    probe = null;
  }
  return (font, text, baseline) => {
    if (!probe) {
      const size = fontSize(font);
      return { width: 0.55 * size * String(text).length, alphabeticBaseline: -(BASELINE_EM[baseline] ?? 0) * size };
    }
    probe.font = font;
    probe.textBaseline = baseline;
    return probe.measureText(text);
  };
}

/** An image source (a canvas, an ImageBitmap, ImageData) as a PNG data: URL, in the browser. */
function defaultEncode(src) {
  if (typeof src.toDataURL === "function") return src.toDataURL("image/png");
  const c = document.createElement("canvas");
  c.width = src.width;
  c.height = src.height;
  const ctx = c.getContext("2d");
  if (typeof ImageData !== "undefined" && src instanceof ImageData) ctx.putImageData(src, 0, 0);
  else ctx.drawImage(src, 0, 0);
  return c.toDataURL("image/png");
}

const sourceSize = (s) => [s.videoWidth || s.naturalWidth || s.width, s.videoHeight || s.naturalHeight || s.height];

/** The state save() keeps and restore() brings back. */
const initialState = () => ({
  fillStyle: "#000000", strokeStyle: "#000000", fill: { color: "rgb(0,0,0)", alpha: 1 }, stroke: { color: "rgb(0,0,0)", alpha: 1 },
  lineWidth: 1, lineCap: "butt", lineJoin: "miter", miterLimit: 10, dash: [], lineDashOffset: 0,
  font: "10px sans-serif", textAlign: "start", textBaseline: "alphabetic", direction: "ltr",
  globalAlpha: 1, globalCompositeOperation: "source-over", imageSmoothingEnabled: true, imageSmoothingQuality: "low",
  shadowBlur: 0, shadowColor: "rgba(0, 0, 0, 0)", shadowOffsetX: 0, shadowOffsetY: 0, filter: "none",
  transform: ID.slice(), depth: 0,
});

/**
 * The recording context: `new SvgContext(width, height, options)`, drawn into like a canvas's,
 * then `toSVG({ background })`. Options: `measure(font, text, baseline)` → TextMetrics,
 * `encode(source)` → a PNG data: URL, `inline(source)` → the SvgContext a layer canvas was
 * recorded into (drawn as its vectors), `idPrefix` for the clip paths' ids.
 */
export class SvgContext {
  constructor(width, height, { measure = defaultMeasure(), encode = defaultEncode, inline = () => null, idPrefix = "clip" } = {}) {
    if (!(width > 0 && height > 0)) throw new Error(`an SVG figure needs a size, not ${width} × ${height}`);
    this.width = Math.round(width);
    this.height = Math.round(height);
    Object.assign(this, { measure, encode, inline, idPrefix });
    this.ids = 0;
    this.defs = [];
    this.levels = [{ open: "", items: [] }]; // the root, then each clip's open <g>
    this.stack = [];
    this.s = initialState();
    this.beginPath();
  }

  // ---- state ---------------------------------------------------------------------------------
  save() {
    this.stack.push({ ...this.s, dash: this.s.dash.slice(), transform: this.s.transform.slice() });
    this.s.depth = this.levels.length - 1;
  }

  restore() {
    const prev = this.stack.pop();
    if (!prev) return;
    while (this.levels.length - 1 > this.s.depth) this.closeLevel();
    this.s = prev;
  }

  /** Started afresh: what a canvas resize or a full clearRect leaves. */
  reset() {
    this.levels = [{ open: "", items: [] }];
    this.defs = [];
    this.stack = [];
    this.s = initialState();
    this.beginPath();
  }

  get fillStyle() { return this.s.fillStyle; }
  set fillStyle(v) { this.setPaint("fill", v); }
  get strokeStyle() { return this.s.strokeStyle; }
  set strokeStyle(v) { this.setPaint("stroke", v); }

  setPaint(which, v) {
    if (typeof v !== "string") throw new SvgUnsupported(`${which}Style = a gradient or pattern`);
    const p = parseColor(v);
    if (!p) return; // as a canvas does with a colour it cannot parse
    this.s[which] = p;
    this.s[`${which}Style`] = v;
  }

  get lineWidth() { return this.s.lineWidth; }
  set lineWidth(v) { if (Number.isFinite(v) && v > 0) this.s.lineWidth = v; }
  get globalAlpha() { return this.s.globalAlpha; }
  set globalAlpha(v) { if (Number.isFinite(v) && v >= 0 && v <= 1) this.s.globalAlpha = v; }
  get lineDashOffset() { return this.s.lineDashOffset; }
  set lineDashOffset(v) { if (Number.isFinite(v)) this.s.lineDashOffset = v; }
  get globalCompositeOperation() { return this.s.globalCompositeOperation; }
  set globalCompositeOperation(v) {
    if (v !== "source-over") throw new SvgUnsupported(`globalCompositeOperation = "${v}"`);
  }
  get filter() { return this.s.filter; }
  set filter(v) {
    if (v !== "none") throw new SvgUnsupported(`filter = "${v}"`);
  }

  setLineDash(d) {
    if (Array.isArray(d) && d.every((v) => Number.isFinite(v) && v >= 0)) this.s.dash = d.length % 2 ? [...d, ...d] : d.slice();
  }
  getLineDash() {
    return this.s.dash.slice();
  }

  // ---- transforms ----------------------------------------------------------------------------
  setTransform(a, b, c, d, e, f) {
    const m = typeof a === "object" && a !== null ? [a.a ?? 1, a.b ?? 0, a.c ?? 0, a.d ?? 1, a.e ?? 0, a.f ?? 0] : [a, b, c, d, e, f];
    if (m.every(Number.isFinite)) this.s.transform = m;
  }
  resetTransform() { this.s.transform = ID.slice(); }
  getTransform() {
    const [a, b, c, d, e, f] = this.s.transform;
    return typeof DOMMatrix !== "undefined" ? new DOMMatrix([a, b, c, d, e, f]) : { a, b, c, d, e, f };
  }
  transform(a, b, c, d, e, f) {
    if ([a, b, c, d, e, f].every(Number.isFinite)) this.s.transform = mul(this.s.transform, [a, b, c, d, e, f]);
  }
  translate(x, y) { this.transform(1, 0, 0, 1, x, y); }
  scale(x, y) { this.transform(x, 0, 0, y, 0, 0); }
  rotate(t) { this.transform(Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t), 0, 0); }

  // ---- paths (kept in device coordinates, as a canvas transforms each point when it is added) --
  beginPath() {
    this.subs = [];
    this.cur = null;
  }

  sub() {
    return this.subs[this.subs.length - 1];
  }

  moveTo(x, y) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const p = apply(this.s.transform, x, y);
    this.subs.push({ cmds: [["M", ...p]], start: p, circle: null });
    this.cur = p;
  }

  lineTo(x, y) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (!this.cur) return this.moveTo(x, y);
    const p = apply(this.s.transform, x, y);
    const s = this.sub();
    s.cmds.push(["L", ...p]);
    s.circle = null;
    this.cur = p;
  }

  closePath() {
    const s = this.sub();
    if (!s) return;
    s.cmds.push(["Z"]);
    this.cur = s.start;
    // A canvas starts the next subpath at the closed one's start.
    this.subs.push({ cmds: [["M", ...s.start]], start: s.start, circle: null });
  }

  rect(x, y, w, h) {
    if (![x, y, w, h].every(Number.isFinite)) return;
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }

  roundRect(x, y, w, h, r = 0) {
    if (![x, y, w, h].every(Number.isFinite)) return;
    const rr = Math.max(0, Math.min(Math.abs(w) / 2, Math.abs(h) / 2, Array.isArray(r) ? (r[0] ?? 0) : typeof r === "object" ? (r.x ?? 0) : r));
    if (!rr) return this.rect(x, y, w, h);
    this.moveTo(x + rr, y);
    this.lineTo(x + w - rr, y);
    this.arc(x + w - rr, y + rr, rr, -Math.PI / 2, 0);
    this.lineTo(x + w, y + h - rr);
    this.arc(x + w - rr, y + h - rr, rr, 0, Math.PI / 2);
    this.lineTo(x + rr, y + h);
    this.arc(x + rr, y + h - rr, rr, Math.PI / 2, Math.PI);
    this.lineTo(x, y + rr);
    this.arc(x + rr, y + rr, rr, Math.PI, 1.5 * Math.PI);
    this.closePath();
  }

  arc(x, y, r, a0, a1, ccw = false) {
    if (![x, y, r, a0, a1].every(Number.isFinite)) return;
    if (r < 0) throw new RangeError(`ctx.arc: the radius ${r} is negative`);
    // The canvas's sweep: a full turn when the angles are a turn or more apart, else within (−2π, 2π).
    let sweep;
    if (!ccw) sweep = a1 - a0 >= TAU ? TAU : (((a1 - a0) % TAU) + TAU) % TAU;
    else sweep = a0 - a1 >= TAU ? -TAU : -((((a0 - a1) % TAU) + TAU) % TAU);
    const m = this.s.transform;
    const fresh = !this.cur;
    const similar = Math.abs(m[0] - m[3]) < 1e-9 && Math.abs(m[1] + m[2]) < 1e-9; // rotation and a uniform scale
    const at = (t) => apply(m, x + r * Math.cos(t), y + r * Math.sin(t));
    if (fresh) this.moveTo(x + r * Math.cos(a0), y + r * Math.sin(a0));
    else this.lineTo(x + r * Math.cos(a0), y + r * Math.sin(a0));
    const s = this.sub();
    if (!similar) {
      // A skewed or stretched arc is an ellipse's: as short chords.
      const n = Math.max(8, Math.ceil((Math.abs(sweep) / TAU) * 96));
      for (let i = 1; i <= n; i++) s.cmds.push(["L", ...at(a0 + (sweep * i) / n)]);
      this.cur = at(a0 + sweep);
      s.circle = null;
      return;
    }
    const R = r * scaleOf(m);
    const parts = Math.abs(sweep) > Math.PI ? 2 : 1; // SVG cannot draw a full turn in one arc
    for (let i = 1; i <= parts; i++) {
      const p = at(a0 + (sweep * i) / parts);
      s.cmds.push(["A", R, Math.abs(sweep / parts) > Math.PI ? 1 : 0, sweep > 0 ? 1 : 0, ...p]);
    }
    this.cur = at(a0 + sweep);
    s.circle = fresh && Math.abs(sweep) === TAU && s.cmds.length === 1 + parts ? [...apply(m, x, y), R] : null;
  }

  /** The path as an SVG d string (subpaths with nothing but a move dropped). */
  pathData() {
    return this.subs
      .filter((s) => s.cmds.length > 1)
      .map((s) => s.cmds.map(([k, ...v]) => (k === "A" ? `A${num(v[0])} ${num(v[0])} 0 ${v[1]} ${v[2]} ${num(v[3])} ${num(v[4])}` : k + v.map(num).join(" "))).join(""))
      .join("");
  }

  /** One drawn subpath as the simplest element: a circle, a line, or null. */
  simpleShape() {
    const drawn = this.subs.filter((s) => s.cmds.length > 1);
    if (drawn.length !== 1) return null;
    const s = drawn[0];
    if (s.circle && s.cmds.every((c) => c[0] !== "L")) return { circle: s.circle };
    if (s.cmds.length === 2 && s.cmds[1][0] === "L") return { line: [...s.cmds[0].slice(1), ...s.cmds[1].slice(1)] };
    return null;
  }

  // ---- output --------------------------------------------------------------------------------
  emit(element) {
    this.levels[this.levels.length - 1].items.push(element);
  }

  closeLevel() {
    const level = this.levels.pop();
    this.emit(`${level.open}${level.items.join("")}</g>`);
  }

  /** The fill or stroke attributes of the current state. */
  paintAttrs(which) {
    const p = this.s[which];
    const a = p.alpha * this.s.globalAlpha;
    const out = { [which]: p.color, [`${which}-opacity`]: a < 1 ? a : undefined };
    if (which === "stroke") {
      const k = scaleOf(this.s.transform);
      Object.assign(out, {
        "stroke-width": this.s.lineWidth * k,
        "stroke-linecap": this.s.lineCap !== "butt" ? this.s.lineCap : undefined,
        "stroke-linejoin": this.s.lineJoin !== "miter" ? this.s.lineJoin : undefined,
        "stroke-miterlimit": this.s.miterLimit !== 10 && this.s.lineJoin === "miter" ? this.s.miterLimit : undefined,
        "stroke-dasharray": this.s.dash.length ? this.s.dash.map((v) => num(v * k)).join(" ") : undefined,
        "stroke-dashoffset": this.s.dash.length && this.s.lineDashOffset ? this.s.lineDashOffset * k : undefined,
      });
    }
    return out;
  }

  shape(paint) {
    const shape = this.simpleShape();
    if (shape?.circle) {
      const [cx, cy, r] = shape.circle;
      return `<circle${attrs({ cx, cy, r, ...paint })}/>`;
    }
    if (shape?.line && paint.stroke) {
      const [x1, y1, x2, y2] = shape.line;
      return `<line${attrs({ x1, y1, x2, y2, ...paint })}/>`;
    }
    const d = this.pathData();
    return d ? `<path${attrs({ d, ...paint })}/>` : null;
  }

  fill(rule) {
    const el = this.shape({ ...this.paintAttrs("fill"), "fill-rule": rule === "evenodd" ? "evenodd" : undefined });
    if (el) this.emit(el);
  }

  stroke() {
    const el = this.shape({ fill: "none", ...this.paintAttrs("stroke") });
    if (el) this.emit(el);
  }

  /** Everything drawn from here to the matching restore() is clipped by the current path. */
  clip(rule) {
    const id = `${this.idPrefix}${++this.ids}`;
    const d = this.pathData() || "M0 0";
    this.defs.push(`<clipPath id="${id}" clipPathUnits="userSpaceOnUse"><path${attrs({ d, "clip-rule": rule === "evenodd" ? "evenodd" : undefined })}/></clipPath>`);
    this.levels.push({ open: `<g clip-path="url(#${id})">`, items: [] });
  }

  /** A rectangle's corners in device coordinates: [x, y, w, h] when it stays axis-aligned. */
  deviceRect(x, y, w, h) {
    const m = this.s.transform;
    if (Math.abs(m[1]) > 1e-9 || Math.abs(m[2]) > 1e-9) return null;
    const [x0, y0] = apply(m, x, y), [x1, y1] = apply(m, x + w, y + h);
    return [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)];
  }

  rectElement(x, y, w, h, paint) {
    const r = this.deviceRect(x, y, w, h);
    if (r) return `<rect${attrs({ x: r[0], y: r[1], width: r[2], height: r[3], ...paint })}/>`;
    const m = this.s.transform;
    const pts = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]].map(([a, b]) => apply(m, a, b));
    return `<path${attrs({ d: `M${pts.map((p) => p.map(num).join(" ")).join("L")}Z`, ...paint })}/>`;
  }

  fillRect(x, y, w, h) {
    if ([x, y, w, h].every(Number.isFinite) && w && h) this.emit(this.rectElement(x, y, w, h, this.paintAttrs("fill")));
  }

  strokeRect(x, y, w, h) {
    if ([x, y, w, h].every(Number.isFinite)) this.emit(this.rectElement(x, y, w, h, { fill: "none", ...this.paintAttrs("stroke") }));
  }

  /** Clearing the whole canvas starts the recording afresh; part of it has no SVG equivalent. */
  clearRect(x, y, w, h) {
    if (![x, y, w, h].every(Number.isFinite)) return;
    const r = this.deviceRect(x, y, w, h);
    if (r && r[0] <= 0.5 && r[1] <= 0.5 && r[0] + r[2] >= this.width - 0.5 && r[1] + r[3] >= this.height - 0.5) {
      const depth = this.levels.length;
      for (const level of this.levels) level.items = [];
      if (depth === 1) this.defs = [];
      return;
    }
    throw new SvgUnsupported("clearRect of part of the canvas");
  }

  // ---- text ----------------------------------------------------------------------------------
  measureText(text) {
    return this.measure(this.s.font, String(text), this.s.textBaseline);
  }

  get font() { return this.s.font; }
  set font(v) { if (typeof v === "string" && /\d/.test(v)) this.s.font = v; }

  text(text, x, y, maxWidth, paint) {
    if (![x, y].every(Number.isFinite)) return;
    const s = String(text);
    const m = this.measure(this.s.font, s, this.s.textBaseline);
    // The textBaseline line → the alphabetic baseline SVG text sits on (the browser's own metric).
    const shift = -(m.alphabeticBaseline ?? -(BASELINE_EM[this.s.textBaseline] ?? 0) * fontSize(this.s.font));
    const align = this.s.textAlign;
    const rtl = this.s.direction === "rtl";
    const anchor = align === "center" ? "middle" : align === "right" || (align === "end" && !rtl) || (align === "start" && rtl) ? "end" : "start";
    const squeeze = Number.isFinite(maxWidth) && maxWidth >= 0 && m.width > maxWidth;
    this.emit(`<text${attrs({
      x, y: y + shift, transform: matrix(this.s.transform), "text-anchor": anchor !== "start" ? anchor : undefined,
      ...fontAttrs(this.s.font), ...paint,
      textLength: squeeze ? maxWidth : undefined, lengthAdjust: squeeze ? "spacingAndGlyphs" : undefined,
      "xml:space": "preserve",
    })}>${escapeXml(s)}</text>`);
  }

  fillText(text, x, y, maxWidth) {
    this.text(text, x, y, maxWidth, this.paintAttrs("fill"));
  }

  strokeText(text, x, y, maxWidth) {
    this.text(text, x, y, maxWidth, { fill: "none", ...this.paintAttrs("stroke") });
  }

  // ---- images --------------------------------------------------------------------------------
  /** drawImage(src, dx, dy[, dw, dh]) or (src, sx, sy, sw, sh, dx, dy, dw, dh), as a canvas takes it. */
  drawImage(src, ...a) {
    if (!src) throw new TypeError("ctx.drawImage needs an image");
    const [iw, ih] = sourceSize(src);
    if (!iw || !ih) return; // a 0 × 0 canvas draws nothing
    let [sx, sy, sw, sh] = [0, 0, iw, ih];
    let dx, dy, dw, dh;
    if (a.length === 2) [dx, dy, dw, dh] = [a[0], a[1], iw, ih];
    else if (a.length === 4) [dx, dy, dw, dh] = a;
    else if (a.length === 8) [sx, sy, sw, sh, dx, dy, dw, dh] = a;
    else throw new TypeError(`ctx.drawImage takes 3, 5 or 9 arguments, not ${a.length + 1}`);
    if (![sx, sy, sw, sh, dx, dy, dw, dh].every(Number.isFinite) || !sw || !sh || !dw || !dh) return;
    // The image's own pixels, placed by the transform: source (sx, sy) at (dx, dy), scaled to dw × dh.
    const place = mul(this.s.transform, [dw / sw, 0, 0, dh / sh, dx - (sx * dw) / sw, dy - (sy * dh) / sh]);
    const opacity = this.s.globalAlpha < 1 ? this.s.globalAlpha : undefined;
    const id = `${this.idPrefix}${++this.ids}`;
    // Clipped to the source rectangle, as a canvas clips to its image.
    this.defs.push(`<clipPath id="${id}" clipPathUnits="userSpaceOnUse"><rect${attrs({ x: sx, y: sy, width: sw, height: sh })}/></clipPath>`);
    const layer = this.inline(src);
    if (layer) {
      // A layer recorded for this figure: its vectors, not its pixels.
      this.defs.push(...layer.defs);
      this.emit(`<g${attrs({ transform: matrix(place), "clip-path": `url(#${id})`, opacity })}>${layer.body()}</g>`);
      return;
    }
    this.emit(`<image${attrs({
      x: 0, y: 0, width: iw, height: ih, transform: matrix(place), "clip-path": sx || sy || sw !== iw || sh !== ih ? `url(#${id})` : undefined,
      preserveAspectRatio: "none", opacity, href: this.encode(src),
      style: this.s.imageSmoothingEnabled ? undefined : "image-rendering:pixelated", "image-rendering": this.s.imageSmoothingEnabled ? undefined : "optimizeSpeed",
    })}/>`);
  }

  /** Pixels put at (dx, dy) of the backing store: no transform, no alpha, as a canvas puts them. */
  putImageData(image, dx, dy) {
    if (!image || ![dx, dy].every(Number.isFinite)) return;
    if (arguments.length > 3) throw new SvgUnsupported("putImageData with a dirty rectangle");
    this.emit(`<image${attrs({ x: Math.round(dx), y: Math.round(dy), width: image.width, height: image.height, preserveAspectRatio: "none", href: this.encode(image), style: "image-rendering:pixelated" })}/>`);
  }

  createImageData(w, h) {
    const [cw, ch] = typeof w === "object" ? [w.width, w.height] : [w, h];
    if (typeof ImageData !== "undefined") return new ImageData(cw, ch);
    return { width: cw, height: ch, data: new Uint8ClampedArray(cw * ch * 4) };
  }

  getImageData() {
    throw new SvgUnsupported("getImageData (a recording has no pixels to read)");
  }

  createLinearGradient() { throw new SvgUnsupported("createLinearGradient"); }
  createRadialGradient() { throw new SvgUnsupported("createRadialGradient"); }
  createConicGradient() { throw new SvgUnsupported("createConicGradient"); }
  createPattern() { throw new SvgUnsupported("createPattern"); }

  // ---- the document --------------------------------------------------------------------------
  /** What is drawn so far, clip groups closed (the recording itself is left open). */
  body() {
    let inner = "";
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const l = this.levels[i];
      inner = i ? `${l.open}${l.items.join("")}${inner}</g>` : `${l.items.join("")}${inner}`;
    }
    return inner;
  }

  /** The SVG document, `background` (a colour) under everything or transparent (null). */
  toSVG({ background = null } = {}) {
    const bg = background ? parseColor(background) : null;
    const under = bg ? `<rect${attrs({ width: this.width, height: this.height, fill: bg.color, "fill-opacity": bg.alpha < 1 ? bg.alpha : undefined })}/>` : "";
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width: this.width, height: this.height, viewBox: `0 0 ${this.width} ${this.height}` })}>`
      + `${this.defs.length ? `<defs>${this.defs.join("")}</defs>` : ""}${under}${this.body()}</svg>\n`;
  }
}

// Plain state the context keeps as a canvas does (no SVG work when set).
for (const key of ["lineCap", "lineJoin", "miterLimit", "textAlign", "textBaseline", "direction", "imageSmoothingEnabled", "imageSmoothingQuality", "shadowBlur", "shadowColor", "shadowOffsetX", "shadowOffsetY"]) {
  Object.defineProperty(SvgContext.prototype, key, {
    get() { return this.s[key]; },
    set(v) { this.s[key] = v; },
  });
}

/** Calls that only ask the context something (or make an object): not drawing, not recorded. */
const QUERIES = new Set([
  "measureText", "getImageData", "createImageData", "getTransform", "getLineDash", "isPointInPath", "isPointInStroke",
  "getContextAttributes", "isContextLost", "createLinearGradient", "createRadialGradient", "createConicGradient", "createPattern",
]);

/**
 * Tee a real canvas context `ctx` (the one its view holds) into `recorder` until the returned
 * function is called: each member of the context's prototype is shadowed on the object itself,
 * so every drawing call and setting goes to the canvas as before and to the recorder too. A call
 * the recorder cannot take is pushed to `errors` (SvgUnsupported), never thrown into the view's
 * frame; the figure reports it. What is read (measureText, getImageData, the settings) is the
 * canvas's own.
 */
export function captureContext(ctx, recorder, errors = []) {
  const names = new Map(); // name → its descriptor on the prototype
  for (let p = Object.getPrototypeOf(ctx); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const n of Object.getOwnPropertyNames(p)) if (n !== "constructor" && n !== "canvas" && !names.has(n)) names.set(n, Object.getOwnPropertyDescriptor(p, n));
  const record = (n, f) => {
    if (!(n in recorder)) return void errors.push(new SvgUnsupported(n));
    try {
      f();
    } catch (e) {
      errors.push(e);
    }
  };
  for (const [n, desc] of names) {
    if (typeof desc.value === "function") {
      const real = desc.value;
      const f = QUERIES.has(n) ? real.bind(ctx) : (...a) => {
        const out = real.apply(ctx, a);
        record(n, () => recorder[n](...a));
        return out;
      };
      Object.defineProperty(ctx, n, { value: f, configurable: true, writable: true });
    } else if (desc.get) {
      Object.defineProperty(ctx, n, {
        configurable: true,
        get: () => desc.get.call(ctx),
        set: (v) => {
          desc.set?.call(ctx, v);
          record(n, () => (recorder[n] = v));
        },
      });
    }
  }
  return () => {
    for (const n of names.keys()) delete ctx[n];
  };
}
