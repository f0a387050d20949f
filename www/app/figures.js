// "Figure": a view as a PNG at slide resolution for slides and handouts (issue 15) — the network,
// the decision boundary, the loss chart or the cost surface's heatmap, redrawn by the view itself
// at 1920 px wide (at least twice the screen's pixels), on a transparent or the page's dark
// background; downloaded, or copied where the Clipboard API takes images. A modal <dialog> like
// Share's; the pictures are the views' own drawing, only at more pixels.

import { forcePixelRatio } from "../lib/canvas.js";

/** The views a figure can be made of: the canvas, its name, the tab that shows it. */
export const FIGURES = [
  { key: "network", canvas: "network", label: "Network", file: "network" },
  { key: "boundary", canvas: "heatmap", label: "Decision boundary and data", file: "boundary" },
  { key: "loss", canvas: "loss-chart", label: "Loss chart", file: "loss-chart" },
  { key: "surface", canvas: "surface-heatmap", label: "Cost surface (heatmap)", file: "cost-surface" },
];
/** The width a figure is drawn at (CSS px × ratio), and the least ratio. */
export const FIGURE_WIDTH = 1920;
const MIN_RATIO = 2;
const DARK = "#000000";

/** Resolves once the loop has drawn a frame after this call. */
const drawn = (loop) => new Promise((resolve) => (loop.redraw(), loop.nextFrame(() => loop.nextFrame(resolve))));

/**
 * A PNG Blob of the canvas `id` as its view draws it at FIGURE_WIDTH px wide, on `background`
 * ("transparent" or "dark"). Throws if the view is not shown.
 */
export async function figureBlob(app, id, background = "transparent") {
  const canvas = document.getElementById(id);
  if (!canvas || !canvas.clientWidth || !canvas.clientHeight) throw new Error("that view is not on the screen in this tab");
  const restore = forcePixelRatio(Math.max(MIN_RATIO, FIGURE_WIDTH / canvas.clientWidth));
  try {
    await drawn(app.loop);
    const out = document.createElement("canvas");
    [out.width, out.height] = [canvas.width, canvas.height];
    const ctx = out.getContext("2d");
    if (background === "dark") {
      ctx.fillStyle = DARK;
      ctx.fillRect(0, 0, out.width, out.height);
    }
    ctx.drawImage(canvas, 0, 0);
    return await new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error("the browser made no PNG"))), "image/png"));
  } finally {
    restore();
    app.loop.redraw();
  }
}

export function mountFigures(app, download) {
  const button = document.getElementById("figure");
  if (!button || typeof HTMLDialogElement === "undefined") return null;
  const dialog = document.createElement("dialog");
  dialog.id = "figure-dialog";
  dialog.className = "share-dialog";
  dialog.setAttribute("aria-labelledby", "figure-title");
  dialog.innerHTML = `
    <h2 id="figure-title">Figure for slides</h2>
    <div class="share-row"><label for="figure-view">View</label><select id="figure-view"></select></div>
    <fieldset class="figure-bg"><legend>Background</legend>
      <label><input type="radio" name="figure-bg" value="transparent" checked> transparent</label>
      <label><input type="radio" name="figure-bg" value="dark"> dark</label></fieldset>
    <p class="bp-dim">PNG, ${FIGURE_WIDTH} px wide (at least twice the screen's pixels), drawn by the view itself.</p>
    <fieldset class="figure-bg figure-record" id="figure-record"><legend>Recording of training (WebM)</legend>
      <label>epochs <input id="figure-epochs" type="number" min="1" max="2000" step="1" value="50" inputmode="numeric"></label>
      <button type="button" id="figure-record-start">Record</button></fieldset>
    <div class="share-foot"><p class="share-status" role="status"></p>
      <button type="button" id="figure-download">Download PNG</button>
      <button type="button" id="figure-copy">Copy image</button>
      <button type="button" class="close">Close</button></div>`;
  document.body.append(dialog);
  const $ = (s) => dialog.querySelector(s);
  const status = $(".share-status");
  const shown = () => FIGURES.filter((f) => document.getElementById(f.canvas)?.clientWidth > 0);
  const chosen = () => FIGURES.find((f) => f.key === $("#figure-view").value);
  const background = () => dialog.querySelector('input[name="figure-bg"]:checked').value;
  // Copy only where the browser can put an image on the clipboard.
  $("#figure-copy").hidden = !(navigator.clipboard?.write && typeof ClipboardItem !== "undefined");

  function open() {
    const views = shown();
    $("#figure-view").replaceChildren(...views.map((f) => new Option(f.label, f.key)));
    status.textContent = views.length ? "" : "No view of this tab can be made a figure.";
    status.classList.toggle("warn", !views.length);
    dialog.showModal();
    $("#figure-view").focus();
  }
  async function make(action) {
    const f = chosen();
    if (!f) return;
    status.classList.remove("warn");
    status.textContent = "Drawing…";
    try {
      const blob = await figureBlob(app, f.canvas, background());
      await action(blob, f);
    } catch (e) {
      status.textContent = `Could not make the figure: ${e.message}`;
      status.classList.add("warn");
    }
  }
  $("#figure-download").addEventListener("click", () =>
    make(async (blob, f) => {
      download(`backprop_lab_${f.file}.png`, blob, "image/png");
      status.textContent = `Downloaded backprop_lab_${f.file}.png.`;
    }));
  $("#figure-copy").addEventListener("click", () =>
    make(async (blob) => {
      await navigator.clipboard.write([new ClipboardItem({ "image/png": blob })]);
      status.textContent = "Copied the image.";
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
  $(".close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => button.focus());
  return { open, dialog, figureBlob: (id, bg) => figureBlob(app, id, bg), recorder };
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
