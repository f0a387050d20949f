import { test } from "node:test";
import assert from "node:assert/strict";
import { SvgContext, SvgUnsupported, captureContext, parseColor, escapeXml } from "./svg-context.js";

// Outside a browser: text is measured as 0.5 em a character with the alphabetic baseline 0.8 em
// below a "top" line, images are named by their size.
const measure = (font, text, baseline) => ({ width: 0.5 * 10 * text.length, alphabeticBaseline: baseline === "top" ? -8 : 0 });
const encode = (src) => `data:image/png;base64,${src.width}x${src.height}`;
const svgOf = (w = 100, h = 50, options = {}) => new SvgContext(w, h, { measure, encode, ...options });

/** The elements of a document, in order, as [name, attributes, text]. */
function elements(svg) {
  const out = [];
  for (const m of svg.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>(?:([^<]*)<\/\1>)?/g)) {
    const a = Object.fromEntries([...m[2].matchAll(/([\w:-]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    out.push([m[1], a, m[4] ?? null]);
  }
  return out;
}
const only = (svg, name) => elements(svg).filter(([n]) => n === name);

test("the document has the canvas's size as width, height and viewBox, a dark background or none", () => {
  const ctx = svgOf(1920, 734);
  const [root] = elements(ctx.toSVG());
  assert.equal(root[0], "svg");
  assert.deepEqual([root[1].width, root[1].height, root[1].viewBox], ["1920", "734", "0 0 1920 734"]);
  assert.equal(root[1].xmlns, "http://www.w3.org/2000/svg");
  assert.equal(only(ctx.toSVG(), "rect").length, 0, "transparent: nothing under the drawing");
  const [bg] = only(ctx.toSVG({ background: "#000000" }), "rect");
  assert.deepEqual([bg[1].width, bg[1].height, bg[1].fill], ["1920", "734", "rgb(0,0,0)"]);
  assert.throws(() => svgOf(0, 10), /needs a size/);
});

test("a one-segment stroke is a <line>, a polyline a <path>, widths and dashes scaled by the transform", () => {
  const ctx = svgOf();
  ctx.setTransform(2, 0, 0, 2, 0, 0); // fitCanvas's CSS px → backing px at a ratio of 2
  ctx.strokeStyle = "rgba(88,196,221,0.5)";
  ctx.lineWidth = 1.5;
  ctx.lineCap = "round";
  ctx.beginPath();
  ctx.moveTo(1, 2);
  ctx.lineTo(11, 12);
  ctx.stroke();
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.lineTo(5, 0);
  ctx.lineTo(5, 5);
  ctx.closePath();
  ctx.stroke();
  const svg = ctx.toSVG();
  const [line] = only(svg, "line");
  assert.deepEqual(line[1], {
    x1: "2", y1: "4", x2: "22", y2: "24", fill: "none", stroke: "rgb(88,196,221)", "stroke-opacity": "0.5", "stroke-width": "3", "stroke-linecap": "round",
  });
  const [path] = only(svg, "path");
  assert.equal(path[1].d, "M0 0L10 0L10 10Z");
  assert.equal(path[1]["stroke-dasharray"], "8 6");
  assert.equal(path[1].fill, "none");
});

test("a full arc on a fresh path is a <circle>; part of one an SVG arc; fill and stroke keep their colours", () => {
  const ctx = svgOf();
  ctx.translate(10, 5);
  ctx.scale(2, 2);
  ctx.beginPath();
  ctx.arc(5, 5, 3, 0, Math.PI * 2);
  ctx.fillStyle = "#ff0000";
  ctx.fill();
  ctx.strokeStyle = "#fff";
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(0, 0, 10, 0, Math.PI / 2); // a quarter, clockwise on the screen
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(0, 0, 10, 0, Math.PI / 2, true); // the other three quarters
  ctx.stroke();
  const svg = ctx.toSVG();
  const circles = only(svg, "circle");
  assert.equal(circles.length, 2);
  assert.deepEqual([circles[0][1].cx, circles[0][1].cy, circles[0][1].r, circles[0][1].fill], ["20", "15", "6", "rgb(255,0,0)"]);
  assert.deepEqual([circles[1][1].stroke, circles[1][1].fill], ["rgb(255,255,255)", "none"]);
  const [quarter, rest] = only(svg, "path").map((p) => p[1].d);
  assert.equal(quarter, "M30 5A20 20 0 0 1 10 25");
  assert.equal(rest, "M30 5A20 20 0 0 0 -4.142 -9.142A20 20 0 0 0 10 25", "three quarters: two arcs of 3π/4, counter-clockwise");
  assert.throws(() => ctx.arc(0, 0, -1, 0, 1), RangeError);
});

test("a stretched arc becomes chords: an ellipse, not a wrong circle", () => {
  const ctx = svgOf();
  ctx.scale(2, 1);
  ctx.beginPath();
  ctx.arc(10, 10, 5, 0, Math.PI * 2);
  ctx.stroke();
  assert.equal(only(ctx.toSVG(), "circle").length, 0);
  const [p] = only(ctx.toSVG(), "path");
  assert.match(p[1].d, /^M30 10(L[-\d. ]+){96}$/);
  assert.match(p[1].d, /L10 10|L10.0/); // passes through (2·(10−5), 10)
});

test("text is escaped (&, <, quotes), placed on its baseline, anchored by textAlign, in its font", () => {
  const ctx = svgOf();
  ctx.font = `italic 600 13px "DejaVu Serif", Georgia, serif`;
  ctx.textAlign = "right";
  ctx.textBaseline = "top";
  ctx.fillStyle = "#ddd";
  ctx.fillText(`a⁽³⁾ < 1 & "b" 'c'`, 40, 10);
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  ctx.translate(5, 5);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText("x₂ → y", 0, 0);
  const svg = ctx.toSVG();
  assert.ok(svg.includes(`>a⁽³⁾ &lt; 1 &amp; &quot;b&quot; &#39;c&#39;</text>`), svg);
  const [t1, t2] = only(svg, "text");
  assert.equal(t1[1].x, "40");
  assert.equal(t1[1].y, "18", "the top line is 8 px above the alphabetic baseline");
  assert.equal(t1[1]["text-anchor"], "end");
  assert.deepEqual([t1[1]["font-size"], t1[1]["font-style"], t1[1]["font-weight"]], ["13", "italic", "600"]);
  assert.equal(t1[1]["font-family"], "&quot;DejaVu Serif&quot;, Georgia, serif");
  assert.equal(t1[1].transform, undefined, "no transform, no attribute");
  assert.equal(t2[1]["text-anchor"], "middle");
  assert.equal(t2[1].transform, "matrix(0 -1 1 0 5 5)");
  assert.equal(t2[2], "x₂ → y");
  const parsed = elements(svg);
  assert.equal(parsed.filter(([n]) => n === "text").length, 2, "the escaped document still parses into its two texts");
  assert.equal(escapeXml(`<&>"'`), "&lt;&amp;&gt;&quot;&#39;");
  assert.equal(ctx.measureText("abcd").width, 20, "measureText asks the measurer");
});

test("save / restore bring back the transform, colours, alpha and dash; globalAlpha multiplies the colour's", () => {
  const ctx = svgOf();
  ctx.fillStyle = "rgba(255, 0, 0, 0.5)";
  ctx.save();
  ctx.globalAlpha = 0.5;
  ctx.translate(10, 0);
  ctx.fillStyle = "#00ff00";
  ctx.fillRect(0, 0, 5, 5);
  ctx.restore();
  ctx.fillRect(0, 0, 5, 5);
  ctx.globalAlpha = 2; // out of range: ignored, as a canvas does
  ctx.lineWidth = -1;
  assert.equal(ctx.globalAlpha, 1);
  assert.equal(ctx.lineWidth, 1);
  const [a, b] = only(ctx.toSVG(), "rect");
  assert.deepEqual([a[1].x, a[1].fill, a[1]["fill-opacity"]], ["10", "rgb(0,255,0)", "0.5"]);
  assert.deepEqual([b[1].x, b[1].fill, b[1]["fill-opacity"]], ["0", "rgb(255,0,0)", "0.5"]);
});

test("colours: hex, rgb(a) and names; what a canvas ignores is ignored; gradients are refused", () => {
  assert.deepEqual(parseColor("#abc"), { color: "rgb(170,187,204)", alpha: 1 });
  assert.deepEqual(parseColor("#58c4dd80"), { color: "rgb(88,196,221)", alpha: 128 / 255 });
  assert.deepEqual(parseColor("rgba(252,98,85,0.25)"), { color: "rgb(252,98,85)", alpha: 0.25 });
  assert.deepEqual(parseColor("rgb(1 2 3 / 50%)"), { color: "rgb(1,2,3)", alpha: 0.5 });
  assert.deepEqual(parseColor("transparent"), { color: "rgb(0,0,0)", alpha: 0 });
  assert.deepEqual(parseColor("white"), { color: "white", alpha: 1 });
  assert.equal(parseColor("url(#x)"), null);
  const ctx = svgOf();
  ctx.fillStyle = "#123456";
  ctx.fillStyle = "not a colour(";
  assert.equal(ctx.fillStyle, "#123456");
  assert.throws(() => (ctx.fillStyle = { addColorStop() {} }), SvgUnsupported);
  assert.throws(() => ctx.createLinearGradient(0, 0, 1, 1), /an SVG cannot record ctx\.createLinearGradient/);
});

test("a clip wraps what follows in a clip-path group until restore()", () => {
  const ctx = svgOf();
  ctx.save();
  ctx.beginPath();
  ctx.arc(20, 20, 10, 0, Math.PI * 2);
  ctx.clip();
  ctx.fillRect(0, 0, 40, 40);
  ctx.restore();
  ctx.fillRect(50, 0, 10, 10);
  const svg = ctx.toSVG();
  const clip = /<clipPath id="(clip\d+)"[^>]*><path d="([^"]+)"\/><\/clipPath>/.exec(svg);
  assert.ok(clip, svg);
  assert.match(clip[2], /^M30 20A10 10 0 0 1 10 20A10 10 0 0 1 30 20$/);
  assert.ok(svg.includes(`<g clip-path="url(#${clip[1]})"><rect x="0" y="0" width="40" height="40"`), "the clipped rectangle is inside the group");
  assert.ok(/<\/g><rect x="50"/.test(svg), "the one after restore() is outside it");
});

test("images: drawImage embeds the source's own pixels, placed and scaled; putImageData at its pixel size", () => {
  const ctx = svgOf(200, 200);
  ctx.setTransform(2, 0, 0, 2, 0, 0);
  const neuron = { width: 64, height: 64 };
  ctx.imageSmoothingEnabled = false;
  ctx.globalAlpha = 0.5;
  ctx.drawImage(neuron, 10, 20, 32, 32);
  ctx.globalAlpha = 1;
  ctx.putImageData({ width: 28, height: 28, data: new Uint8ClampedArray(28 * 28 * 4) }, 3, 4);
  ctx.drawImage(neuron, 0, 0, 32, 64, 0, 0, 16, 32); // the left half of the image
  const [a, b, c] = only(ctx.toSVG(), "image");
  assert.deepEqual([a[1].width, a[1].height, a[1].href], ["64", "64", "data:image/png;base64,64x64"]);
  assert.equal(a[1].transform, "matrix(1 0 0 1 20 40)", "64 px into 32 CSS px at a ratio of 2: scale 1, at (20, 40)");
  assert.equal(a[1].opacity, "0.5");
  assert.equal(a[1].style, "image-rendering:pixelated");
  assert.equal(a[1]["clip-path"], undefined, "the whole image: no clip");
  assert.deepEqual([b[1].x, b[1].y, b[1].width, b[1].height, b[1].href], ["3", "4", "28", "28", "data:image/png;base64,28x28"]);
  assert.equal(b[1].transform, undefined, "putImageData ignores the transform");
  assert.match(c[1]["clip-path"], /^url\(#clip\d+\)$/, "part of an image is clipped to it");
  assert.throws(() => ctx.drawImage(neuron, 1), TypeError);
  assert.throws(() => ctx.getImageData(0, 0, 1, 1), SvgUnsupported);
});

test("a layer recorded on its own is drawn in as its vectors, under the drawImage's placement", () => {
  const layerCanvas = { width: 100, height: 100 };
  const layer = svgOf(100, 100, { idPrefix: "layer1-" });
  layer.strokeStyle = "#fff";
  layer.beginPath();
  layer.moveTo(0, 50);
  layer.lineTo(100, 50);
  layer.stroke();
  const ctx = svgOf(200, 200, { inline: (src) => (src === layerCanvas ? layer : null) });
  ctx.drawImage(layerCanvas, 0, 0, 200, 200);
  const svg = ctx.toSVG();
  assert.equal(only(svg, "image").length, 0, "no raster copy of the layer");
  assert.match(svg, /<g transform="matrix\(2 0 0 2 0 0\)" clip-path="url\(#clip\d+\)"><line x1="0" y1="50" x2="100" y2="50"/);
});

test("clearing the whole canvas starts the recording afresh; clearing part of it is refused", () => {
  const ctx = svgOf(100, 50);
  ctx.setTransform(2, 0, 0, 2, 0, 0);
  ctx.fillRect(0, 0, 10, 10);
  ctx.clearRect(0, 0, 50, 25); // all of it, in CSS px
  assert.equal(ctx.body(), "");
  ctx.fillRect(0, 0, 10, 10);
  assert.throws(() => ctx.clearRect(0, 0, 5, 5), /an SVG cannot record ctx\.clearRect of part of the canvas/);
  assert.equal(only(ctx.toSVG(), "rect").length, 1);
});

test("non-finite arguments are ignored, as a canvas ignores them", () => {
  const ctx = svgOf();
  ctx.beginPath();
  ctx.moveTo(NaN, 0);
  ctx.lineTo(1, Infinity);
  ctx.stroke();
  ctx.fillRect(0, 0, NaN, 1);
  ctx.fillText("x", NaN, 0);
  assert.equal(ctx.body(), "");
});

test("captureContext tees a context's calls into the recorder, collects what it cannot take, and lets go", () => {
  // A stand-in for CanvasRenderingContext2D: its members live on the prototype, as a browser's do.
  class FakeContext {
    constructor() {
      this.calls = [];
      this._fill = "#000";
    }
    get canvas() { return "the canvas"; }
    get fillStyle() { return this._fill; }
    set fillStyle(v) { this._fill = v; }
    fillRect(...a) { this.calls.push(["fillRect", ...a]); }
    measureText(t) { return { width: t.length }; }
    getImageData() { return "pixels"; }
    drawFocusIfNeeded() { this.calls.push(["drawFocusIfNeeded"]); }
  }
  const real = new FakeContext();
  const rec = svgOf();
  const errors = [];
  const release = captureContext(real, rec, errors);
  real.fillStyle = "#ff0000";
  real.fillRect(1, 2, 3, 4);
  assert.deepEqual(real.measureText("abc"), { width: 3 }, "what is read is the canvas's own");
  assert.equal(real.getImageData(), "pixels");
  real.drawFocusIfNeeded();
  assert.equal(real.canvas, "the canvas");
  release();
  real.fillRect(9, 9, 9, 9); // after release: the canvas only
  assert.deepEqual(real.calls, [["fillRect", 1, 2, 3, 4], ["drawFocusIfNeeded"], ["fillRect", 9, 9, 9, 9]], "the canvas drew everything");
  assert.equal(real.fillStyle, "#ff0000");
  const [r] = only(rec.toSVG(), "rect");
  assert.deepEqual([r[1].x, r[1].width, r[1].fill], ["1", "3", "rgb(255,0,0)"]);
  assert.equal(only(rec.toSVG(), "rect").length, 1);
  assert.deepEqual(errors.map((e) => [e.name, e.message]), [["SvgUnsupported", "an SVG cannot record ctx.drawFocusIfNeeded"]]);
  assert.ok(!Object.hasOwn(real, "fillRect"), "no member left shadowed");
});
