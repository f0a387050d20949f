// embed.html: the app without the page chrome, for iframes in slides. It takes index.html's
// body as it is (one markup for both pages), keeps <body class="embed"> so style.css shows
// only Play/Pause/Step/Reset, the network and the output, and then runs main.js unchanged.
//
// Embed-only options come in the query string (see embed-options.js): view (network | stepper |
// surface | digits | full), controls (none | minimal | full), theme (dark | light |
// high-contrast), autoplay. Once the page is up, window.backpropEmbed drives it through the
// page's commands (the <backprop-lab> element, www/backprop-lab.js, calls it), and the page
// tells the iframe element that hosts it what happens: "backprop-lab:ready", "backprop-lab:step",
// "backprop-lab:epoch" events on window.frameElement (docs/JS_API.md).

import { readOptions, bodyClasses, MODE_OF_VIEW, modeOf } from "../lib/embed-options.js";

const loading = document.getElementById("embed-loading");
const query = new URLSearchParams(location.search);
let { options, notices: optionNotices } = readOptions((name) => query.get(name));
// embed.html?lesson=2&scene=3 shows that lesson scene: the query's lesson and scene go into the
// hash the page reads (which checks them and names a bad one), with the Lessons tab unless a
// view is named.
if (query.has("lesson") || query.has("scene")) {
  const hash = new URLSearchParams(location.hash.slice(1));
  for (const name of ["lesson", "scene"]) if (query.has(name)) hash.set(name, query.get(name));
  hash.set("mode", modeOf(options.view, (name) => query.get(name)));
  history.replaceState(null, "", `${location.pathname}${location.search}#${hash.toString().replace(/%2C/g, ",")}`);
}
try {
  const response = await fetch(new URL("../../index.html", import.meta.url));
  if (!response.ok) throw new Error(`index.html: HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  document.body.replaceChildren(...page.body.childNodes);
  applyClasses(options);
  await import("../main.js");
} catch (e) {
  if (loading) loading.textContent = `Could not start Backprop Lab: ${e.message}`;
  throw e;
}

const lab = window.backpropLab;
const app = lab.app;
const $ = (id) => document.getElementById(id);
const mode = () => app.store.get("mode");

function applyClasses(o) {
  const body = document.body;
  for (const c of [...body.classList]) if (/^(embed|view-|theme-|controls-)/.test(c)) body.classList.remove(c);
  body.classList.add(...bodyClasses(o));
}

/** The page's notices with this module's own replaced by `mine`. */
function showOptionNotices(mine) {
  const shown = $("notice").hidden ? [] : $("notice-text").textContent.split(" · ");
  const others = shown.filter((n) => n && !optionNotices.includes(n));
  optionNotices = mine;
  app.showNotices([...others, ...mine]);
}

// ---- events to the host page ------------------------------------------------------------------
function emit(type, detail) {
  let host = null;
  try {
    host = window.frameElement; // null when not framed or framed by another origin
  } catch {
    return;
  }
  if (!host) return;
  const { CustomEvent } = host.ownerDocument.defaultView;
  host.dispatchEvent(new CustomEvent(`backprop-lab:${type}`, { detail }));
}

let last = { iterations: lab.pg.iterations(), epoch: lab.pg.epoch(), phase: null };
app.onFrame.push(() => {
  const iterations = lab.pg.iterations(), epoch = lab.pg.epoch();
  // A reset or a new network sets the counters back: that is not a step.
  if (iterations > last.iterations) emit("step", { source: "train", iterations, epoch, batches: iterations - last.iterations });
  if (epoch > last.epoch) {
    const { trainLoss, testLoss } = app.session.metrics;
    emit("epoch", { epoch, iterations, trainLoss, testLoss });
  }
  const s = mode() === "backprop" && app.backprop && app.backprop.state;
  const phase = s ? `${s.phase}:${s.layer}` : null;
  if (phase && last.phase && phase !== last.phase) emit("step", { source: "stepper", phase: s.phase, layer: s.layer, iterations, epoch });
  last = { iterations, epoch, phase };
});

// ---- play / step / reset in every view: the page's commands (app/commands.js) ------------------
// In the stepper view "play" walks the stepper forward on a timer (Start again after Done),
// which is what a step-through slide wants; elsewhere it trains. The keys (Space, → / ←, R,
// and Esc, which hands the keyboard back to the slide deck) are the page's own, app/keys.js.
const commands = lab.commands;
const play = () => commands.play();
const pause = () => commands.pause();
/** One step in the current view: → (dir 1) or ← (dir −1). Returns whether anything stepped. */
const step = (dir = 1) => commands.step(dir < 0 ? -1 : 1);
const reset = () => commands.reset();

// ---- options at run time ----------------------------------------------------------------------
function setOptions(raw) {
  const { options: next, notices } = readOptions((name) => (raw[name] === undefined ? null : raw[name]));
  const before = options;
  options = next;
  applyClasses(next);
  const m = MODE_OF_VIEW[next.view];
  if (m !== mode()) commands.setMode(m);
  if (next.autoplay && !before.autoplay) play();
  if (!next.autoplay && before.autoplay) pause();
  const q = new URLSearchParams();
  for (const name of ["view", "controls", "theme"]) if (raw[name] !== null && raw[name] !== undefined) q.set(name, raw[name]);
  if (next.autoplay) q.set("autoplay", "");
  history.replaceState(null, "", `${location.pathname}${q.size ? `?${q}` : ""}${location.hash}`);
  showOptionNotices(notices);
  app.redraw();
}

window.backpropEmbed = {
  get options() {
    return { ...options };
  },
  setOptions,
  step,
  play,
  pause,
  reset,
  get playing() {
    return lab.playing;
  },
};

// A view named in the query string picks the tab (a plain link such as embed.html?view=surface#…);
// without one, the hash's own mode stands.
if (query.has("view") && MODE_OF_VIEW[options.view] !== mode()) commands.setMode(MODE_OF_VIEW[options.view]);
showOptionNotices(optionNotices);
if (options.autoplay) app.loop.nextFrame(play); // after the first frame has entered the view
emit("ready", {});
