// "Figure": a view as a PNG or an SVG at slide resolution for slides and handouts (issue 15) —
// the network, the decision boundary, the loss chart, the cost surface's heatmap, the Digits
// tab's weight images and confusion matrix — drawn by the view itself at 1920 px wide (at least
// twice the screen's pixels), on a transparent or the page's dark background; downloaded, or
// copied where the Clipboard API takes it. A modal <dialog> like Share's. PNG and SVG are one
// flow: the view draws once more at the figure's pixel ratio, into its canvas for a PNG, teed
// into a recording context (lib/svg-context.js) for an SVG, so an SVG's lines, circles and text
// are the same drawing as vectors. Every number on a figure is one the view shows (the core's).

import { modalDialog } from "./dialog.js";
import { forcePixelRatio, watchLayers } from "../lib/canvas.js";
import { SvgContext, captureContext } from "../lib/svg-context.js";

/** Whether the element matching `selector` is on the screen now. */
const onScreen = (selector) => document.querySelector(selector)?.clientWidth > 0;

/**
 * The views a figure can be made of. A view of one canvas (`canvas`, its id) is drawn again by
 * the page's loop at the figure's ratio; a view that is no one canvas (the Digits tab's grid of
 * 28 × 28 images, its confusion matrix, an HTML table) has a `figure(app)` of its own that draws
 * it on a 2D context: { width, height (CSS px), paint(ctx) }, or throws saying why it cannot.
 */
export const FIGURES = [
  { key: "network", canvas: "network", label: "Network", file: "network" },
  { key: "boundary", canvas: "heatmap", label: "Decision boundary and data", file: "boundary" },
  { key: "loss", canvas: "loss-chart", label: "Loss chart", file: "loss-chart" },
  { key: "surface", canvas: "surface-heatmap", label: "Cost surface (heatmap)", file: "cost-surface" },
  {
    key: "digit-weights", label: "Digits: first-layer weight images", file: "digits-weights",
    shown: () => onScreen("#digits-scene .dg-weight-grid"), figure: (app) => digits(app).weights.figure(),
  },
  {
    key: "confusion", label: "Digits: confusion matrix", file: "digits-confusion",
    shown: () => onScreen("#digits-scene .dg-confusion"), figure: (app) => digits(app).gallery.figure(),
  },
];
/** The width a figure is drawn at (CSS px × ratio), and the least ratio. */
export const FIGURE_WIDTH = 1920;
const MIN_RATIO = 2;
const DARK = "#000000";
export const FORMATS = { png: "image/png", svg: "image/svg+xml" };

const isShown = (f) => (f.shown ? f.shown() : document.getElementById(f.canvas)?.clientWidth > 0);

function digits(app) {
  if (!app.digits || app.digits.status !== "ready") throw new Error("the Digits scene has not loaded MNIST yet");
  return app.digits;
}

/** Resolves once the loop has drawn a frame after this call. */
const drawn = (loop) => new Promise((resolve) => (loop.redraw(), loop.nextFrame(() => loop.nextFrame(resolve))));

const pngBlob = (canvas) =>
  new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the browser made no PNG"))), "image/png"));

/** A w × h px canvas, on the dark background or transparent. */
function outCanvas(w, h, background) {
  const out = document.createElement("canvas");
  [out.width, out.height] = [w, h];
  const ctx = out.getContext("2d");
  if (background === "dark") {
    ctx.fillStyle = DARK;
    ctx.fillRect(0, 0, w, h);
  }
  return { out, ctx };
}

const svgBlob = (rec, background) => new Blob([rec.toSVG({ background: background === "dark" ? DARK : null })], { type: FORMATS.svg });

/** What an SVG recording could not take, as the figure's error. */
function refuse(errors) {
  if (!errors.length) return;
  const what = [...new Set(errors.map((e) => e.message))].join("; ");
  throw new Error(`this view cannot be an SVG: ${what}`);
}

/**
 * The figure `key` (one of FIGURES) as a Blob: `format` "png" or "svg", on `background`
 * ("transparent" or "dark"). Throws, saying why, if the view is not shown or not ready.
 */
export async function figureBlob(app, key, { format = "png", background = "transparent" } = {}) {
  const f = FIGURES.find((g) => g.key === key);
  if (!f) throw new Error(`there is no view "${key}" to make a figure of`);
  if (!FORMATS[format]) throw new Error(`a figure is a PNG or an SVG, not "${format}"`);
  if (!isShown(f)) throw new Error("that view is not on the screen in this tab");
  return f.canvas ? viewFigure(app, f.canvas, format, background) : drawnFigure(app, f, format, background);
}

/** A view of one canvas, drawn again by the page's loop at the figure's ratio. */
async function viewFigure(app, id, format, background) {
  const canvas = document.getElementById(id);
  const restore = forcePixelRatio(Math.max(MIN_RATIO, FIGURE_WIDTH / canvas.clientWidth));
  const releases = [];
  try {
    await drawn(app.loop);
    if (format === "png") {
      const { out, ctx } = outCanvas(canvas.width, canvas.height, background);
      ctx.drawImage(canvas, 0, 0);
      return await pngBlob(out);
    }
    // Drawn once more at the figure's size (the frame above sized the canvas), teed into the
    // recording; the offscreen layers it draws are recorded too, and copied in as their vectors.
    const errors = [];
    const layers = new Map(); // layer canvas → its recording
    const inline = (src) => layers.get(src) ?? null;
    const rec = new SvgContext(canvas.width, canvas.height, { inline });
    releases.push(captureContext(canvas.getContext("2d"), rec, errors));
    releases.push(watchLayers((layer) => {
      if (layers.has(layer)) return Object.assign(layers.get(layer), { width: layer.width, height: layer.height }).reset(); // resized again: cleared
      const r = new SvgContext(layer.width || 1, layer.height || 1, { inline, idPrefix: `layer${layers.size + 1}-` });
      layers.set(layer, r);
      releases.push(captureContext(layer.getContext("2d"), r, errors));
    }));
    await drawn(app.loop);
    refuse(errors);
    if (!rec.body()) throw new Error("the view drew nothing to record");
    return svgBlob(rec, background);
  } finally {
    for (const release of releases.reverse()) release();
    restore();
    app.loop.redraw();
  }
}

/** A view with a figure of its own: drawn on a canvas (PNG) or the recording (SVG) at the ratio. */
async function drawnFigure(app, f, format, background) {
  const fig = f.figure(app);
  const ratio = Math.max(MIN_RATIO, FIGURE_WIDTH / fig.width);
  const [w, h] = [Math.round(fig.width * ratio), Math.round(fig.height * ratio)];
  if (format === "png") {
    const { out, ctx } = outCanvas(w, h, background);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    fig.paint(ctx);
    return pngBlob(out);
  }
  const rec = new SvgContext(w, h);
  rec.setTransform(ratio, 0, 0, ratio, 0, 0);
  fig.paint(rec);
  return svgBlob(rec, background);
}

export function mountFigures(app, download) {
  const built = modalDialog("figure", "figure-dialog", "figure-title", `
    <h2 id="figure-title">Figure for slides</h2>
    <div class="share-row"><label for="figure-view">View</label><select id="figure-view"></select></div>
    <fieldset class="figure-bg"><legend>Format</legend>
      <label><input type="radio" name="figure-format" value="png" checked> PNG</label>
      <label><input type="radio" name="figure-format" value="svg"> SVG (vector)</label></fieldset>
    <fieldset class="figure-bg"><legend>Background</legend>
      <label><input type="radio" name="figure-bg" value="transparent" checked> transparent</label>
      <label><input type="radio" name="figure-bg" value="dark"> dark</label></fieldset>
    <p class="bp-dim" id="figure-note"></p>
    <fieldset class="figure-bg figure-record" id="figure-record"><legend>Recording of training (WebM)</legend>
      <label>epochs <input id="figure-epochs" type="number" min="1" max="2000" step="1" value="50" inputmode="numeric"></label>
      <button type="button" id="figure-record-start">Record</button></fieldset>
    <p class="share-status" role="status"></p>
    <div class="share-foot figure-foot">
      <button type="button" id="figure-download">Download PNG</button>
      <button type="button" id="figure-copy">Copy image</button>
      <button type="button" class="close">Close</button></div>`);
  if (!built) return null;
  const { button, dialog, $ } = built;
  const status = $(".share-status");
  const shown = () => FIGURES.filter(isShown);
  const chosen = () => FIGURES.find((f) => f.key === $("#figure-view").value);
  const background = () => dialog.querySelector('input[name="figure-bg"]:checked').value;
  const format = () => dialog.querySelector('input[name="figure-format"]:checked').value;
  // Copy where the browser can put an image (a PNG) or text (an SVG's markup) on the clipboard.
  const canCopy = { png: !!(navigator.clipboard?.write && typeof ClipboardItem !== "undefined"), svg: !!navigator.clipboard?.writeText };
  function showFormat() {
    const svg = format() === "svg";
    $("#figure-download").textContent = svg ? "Download SVG" : "Download PNG";
    $("#figure-copy").textContent = svg ? "Copy SVG" : "Copy image";
    $("#figure-copy").hidden = !canCopy[format()];
    $("#figure-note").textContent = svg
      ? `SVG, ${FIGURE_WIDTH} px wide: the view's own drawing as lines, circles and text; its pictures (heatmaps, digits) as images of their pixels.`
      : `PNG, ${FIGURE_WIDTH} px wide (at least twice the screen's pixels), drawn by the view itself.`;
  }
  for (const r of dialog.querySelectorAll('input[name="figure-format"]')) r.addEventListener("change", showFormat);
  showFormat();

  function open() {
    const views = shown();
    $("#figure-view").replaceChildren(...views.map((f) => new Option(f.label, f.key)));
    status.textContent = views.length ? "" : "No view of this tab can be made a figure.";
    status.classList.toggle("warn", !views.length);
    dialog.showModal();
    $("#figure-view").focus();
  }
  let busy = false; // one figure at a time: two would force the pixel ratio over each other
  async function make(action) {
    const f = chosen();
    if (!f || busy) return;
    busy = true;
    status.classList.remove("warn");
    status.textContent = "Drawing…";
    try {
      const type = format();
      const blob = await figureBlob(app, f.key, { format: type, background: background() });
      await action(blob, f, type);
    } catch (e) {
      status.textContent = `Could not make the figure: ${e.message}`;
      status.classList.add("warn");
    } finally {
      busy = false;
    }
  }
  $("#figure-download").addEventListener("click", () =>
    make(async (blob, f, type) => {
      const name = `backprop_lab_${f.file}.${type}`;
      download(name, blob, FORMATS[type]);
      status.textContent = `Downloaded ${name}.`;
    }));
  $("#figure-copy").addEventListener("click", () =>
    make(async (blob, f, type) => {
      if (type === "svg") await navigator.clipboard.writeText(await blob.text());
      else await navigator.clipboard.write([new ClipboardItem({ "image/png": blob })]);
      status.textContent = type === "svg" ? "Copied the SVG." : "Copied the image.";
    }));
  const recorder = mountRecorder(app, download, status);
  $("#figure-record").hidden = !recorder;
  $("#figure-record-start").addEventListener("click", () => {
    const epochs = Number($("#figure-epochs").value);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > 2000) {
      status.textContent = "Epochs must be a whole number from 1 to 2000.";
      status.classList.add("warn");
      return;
    }
    status.classList.remove("warn");
    dialog.close();
    recorder.record(epochs);
  });
  button.addEventListener("click", open);
  return { open, dialog, figureBlob: (key, options) => figureBlob(app, key, options), recorder };
}

/** The recording's frame: the network beside the decision boundary, with the epoch and cost. */
const FRAME = { width: 1280, height: 720, fps: 30 };

/**
 * "Record": the Playground's network and decision boundary while it trains for `epochs` epochs,
 * one picture per drawn frame, as a WebM through MediaRecorder (null where the browser has
 * none). The numbers written on it are the core's (pg.epoch(), pg.metrics()).
 */
function mountRecorder(app, download, status) {
  if (typeof MediaRecorder === "undefined" || !HTMLCanvasElement.prototype.captureStream) return null;
  const type = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].find((t) => MediaRecorder.isTypeSupported(t));
  if (!type) return null;
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [FRAME.width, FRAME.height];
  const ctx = canvas.getContext("2d");
  let run = null; // { recorder, until } while recording
  const finishing = new Set(); // stopped recorders until their last data arrives (kept from the GC)

  function compose() {
    const net = document.getElementById("network");
    const plot = document.getElementById("heatmap");
    ctx.fillStyle = DARK;
    ctx.fillRect(0, 0, FRAME.width, FRAME.height);
    const top = 56, h = FRAME.height - top - 20;
    if (net.width && net.height) {
      const w = Math.min(FRAME.width - h - 60, (h * net.width) / net.height);
      ctx.drawImage(net, 20, top + (h - (w * net.height) / net.width) / 2, w, (w * net.height) / net.width);
    }
    if (plot.width && plot.height) ctx.drawImage(plot, FRAME.width - h - 20, top, h, h);
    const pg = app.session.pg;
    const m = pg.metrics();
    ctx.fillStyle = "#e8e8ee";
    ctx.font = '28px "DejaVu Sans", system-ui, sans-serif';
    const cost = Number.isFinite(m.trainLoss) ? ` · train cost C ${m.trainLoss.toFixed(4)}` : "";
    ctx.fillText(`epoch ${pg.epoch()}${cost}`, 24, 38);
  }

  app.loop.onFrame(() => {
    if (!run) return;
    compose();
    const epoch = app.session.pg.epoch();
    status.textContent = `Recording… epoch ${epoch} of ${run.until}`;
    if (epoch >= run.until || !app.loop.isPlaying) stop();
  });

  function stop() {
    const r = run;
    run = null;
    app.commands.pause();
    finishing.add(r.recorder);
    r.recorder.stop();
  }

  return {
    type,
    get recording() {
      return run !== null;
    },
    /** Train `epochs` more epochs while recording; resolves with the WebM Blob (also downloaded). */
    record(epochs) {
      if (run) return Promise.reject(new Error("a recording is running already"));
      app.commands.setMode("playground");
      compose();
      const stream = canvas.captureStream(FRAME.fps);
      const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 4_000_000 });
      const chunks = [];
      recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
      const done = new Promise((resolve) => {
        recorder.onstop = () => {
          finishing.delete(recorder);
          stream.getTracks().forEach((t) => t.stop());
          const blob = new Blob(chunks, { type: "video/webm" });
          download("backprop_lab_training.webm", blob, "video/webm");
          status.textContent = `Recorded ${epochs} epochs: backprop_lab_training.webm`;
          app.addNotice(`Recorded the training as backprop_lab_training.webm (${Math.round(blob.size / 1024)} KB)`);
          resolve(blob);
        };
      });
      run = { recorder, until: app.session.pg.epoch() + epochs };
      recorder.start(250);
      app.commands.play();
      return done;
    },
  };
}
