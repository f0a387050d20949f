// Pure helpers shared by the <backprop-lab> element (www/backprop-lab.js) and the embed page
// (www/embed/embed.js): which attribute is which URL-hash key, and the embed-only options (view,
// controls, theme, autoplay) that are not part of a link's state. No DOM; unit-tested in
// embed-options.test.js.
//
// The scene's state travels in the hash (read by main.js through the table in state.js, which
// checks every value and shows a notice for a bad one). The embed-only options travel in the
// query string (embed.html?view=network&controls=minimal#dataset=xor…), because main.js rewrites
// the hash from its own table and would drop keys it does not know.

export const VIEWS = ["network", "stepper", "surface", "digits", "lesson", "full"];
export const CONTROLS = ["none", "minimal", "full"];
export const THEMES = ["dark", "light", "high-contrast"];

/** The page's mode (view tab) for each view. network and full are both the playground. */
export const MODE_OF_VIEW = { network: "playground", full: "playground", stepper: "backprop", surface: "surface", digits: "digits", lesson: "lessons" };

/** Element attribute → URL-hash key of state.js's table. */
export const STATE_ATTRIBUTES = { dataset: "dataset", features: "features", layers: "hidden", activation: "act", "learning-rate": "lr", seed: "seed", lesson: "lesson", scene: "scene" };

/** The mode a view opens: a lesson or scene given without a view opens the Lessons tab. */
export function modeOf(view, get) {
  const lesson = [get("lesson"), get("scene")].some((v) => v !== null && v !== undefined);
  return lesson && view === "full" ? "lessons" : MODE_OF_VIEW[view] || "playground";
}

/** Every attribute the element reads. */
export const ATTRIBUTES = [...Object.keys(STATE_ATTRIBUTES), "view", "controls", "autoplay", "theme"];

/** True for a boolean attribute or query flag that is present and not "false"/"0"/"off". */
export function flag(raw) {
  if (raw === null || raw === undefined) return false;
  return !["false", "0", "off", "no"].includes(String(raw).trim().toLowerCase());
}

/**
 * Read the embed-only options from raw strings (null = not given). A bad value takes the
 * default and adds a notice, like the hash does. Returns { options, notices }.
 * Defaults: view "full", controls "minimal" (Play/Pause/Step/Reset), theme "dark", no autoplay.
 * options.controlsGiven is false when no controls were asked for: embed.html opened without a
 * query keeps its own layout (the toolbar with the speed picker).
 * @param {(name: string) => string | null} get
 */
export function readOptions(get) {
  const notices = [];
  const pick = (name, list, fallback) => {
    const raw = get(name);
    if (raw === null || raw === undefined) return fallback;
    const v = String(raw).trim().toLowerCase();
    if (list.includes(v)) return v;
    notices.push(`Ignored bad value for ${name}: '${raw}' (must be one of ${list.join(", ")}) — using ${fallback}`);
    return fallback;
  };
  const view = pick("view", VIEWS, "full");
  const controls = pick("controls", CONTROLS, "minimal");
  const theme = pick("theme", THEMES, "dark");
  return {
    options: { view, controls, theme, autoplay: flag(get("autoplay")), controlsGiven: get("controls") !== null && get("controls") !== undefined },
    notices,
  };
}

/**
 * The URL hash ("key=value&…", no '#') for the state attributes that are present, plus the
 * view's mode. Values are passed as written: the page checks them and says what it ignored.
 * @param {(name: string) => string | null} get
 * @param {string} view  a checked view (readOptions().options.view)
 */
export function stateHash(get, view) {
  const parts = [];
  for (const [attribute, key] of Object.entries(STATE_ATTRIBUTES)) {
    const raw = get(attribute);
    if (raw === null || raw === undefined) continue;
    // A lone surrogate (possible in a DOM string) would make encodeURIComponent throw: it goes
    // as U+FFFD, and the page names the value it cannot use.
    const v = String(raw).replace(/\s+/g, "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
    parts.push(`${key}=${encodeURIComponent(v).replace(/%2C/g, ",")}`);
  }
  parts.push(`mode=${modeOf(view, get)}`);
  return parts.join("&");
}

/** The query string ("?view=…") for the embed-only options as given (raw: the page checks them). */
export function optionsQuery(get) {
  const q = new URLSearchParams();
  for (const name of ["view", "controls", "theme"]) {
    const raw = get(name);
    if (raw !== null && raw !== undefined) q.set(name, raw);
  }
  if (flag(get("autoplay"))) q.set("autoplay", "");
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The body classes the embed page uses for a set of options (see the block in style.css). */
export function bodyClasses({ view, controls, theme, controlsGiven }) {
  const classes = [`view-${view}`, `theme-${theme}`];
  // controls=full is the whole app (the page's chrome included), in the chosen tab.
  if (controls !== "full") classes.push("embed");
  if (controlsGiven) classes.push(`controls-${controls}`);
  return classes;
}
