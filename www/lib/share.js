// Pure helpers for "Share / embed": the link to the current state, an <iframe> snippet for
// embed.html, and a <backprop-lab> element snippet. No DOM, unit-tested in share.test.js.

/** Which <backprop-lab view="…"> shows each of the page's modes (tabs). */
export const VIEW_OF_MODE = { playground: "full", backprop: "stepper", surface: "surface", digits: "digits", lessons: "lesson" };

/** Escape text for an HTML attribute value in double quotes. */
export function escapeAttribute(text) {
  return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The page's address without its hash, and the embed page beside it. */
export function pageUrls(href) {
  const page = new URL(href);
  page.hash = "";
  const embed = new URL("embed.html", page);
  return { page: page.href, embed: embed.href };
}

/**
 * The <backprop-lab> attributes for a state: dataset, layers (the hidden layer sizes, as in the
 * URL's `hidden`), activation (one name, or one per hidden layer when they differ),
 * learning-rate, seed and view.
 * @param {object} values  the store's values
 * @returns {[string, string][]}
 */
export function elementAttributes(values) {
  const acts = values.activations || [];
  const activation = new Set(acts).size <= 1 ? acts[0] || "" : acts.join(",");
  return [
    ["dataset", values.dataset],
    ["layers", (values.hidden || []).join(",")],
    ["activation", activation],
    ["learning-rate", String(values.learningRate)],
    ["seed", String(values.seed)],
    ["view", VIEW_OF_MODE[values.mode] || "full"],
  ].filter(([, v]) => v !== "" && v !== "undefined");
}

/**
 * The three things the dialog offers for a state.
 * @param {{ href: string, hash: string, values: object, width?: number, height?: number }} s
 *   href: the page's location; hash: the state's URL hash (with or without '#')
 * @returns {{ link: string, embedUrl: string, iframe: string, element: string }}
 */
export function shareSnippets({ href, hash, values, width = 960, height = 540 }) {
  const h = String(hash || "").replace(/^#/, "");
  const urls = pageUrls(href);
  const suffix = h ? `#${h}` : "";
  const link = urls.page + suffix;
  const embedUrl = urls.embed + suffix;
  const iframe =
    `<iframe src="${escapeAttribute(embedUrl)}" title="Backprop Lab" width="${width}" height="${height}" ` +
    `style="border:0" loading="lazy"></iframe>`;
  const attributes = elementAttributes(values).map(([k, v]) => `${k}="${escapeAttribute(v)}"`);
  const element = `<backprop-lab ${attributes.join(" ")}></backprop-lab>`;
  return { link, embedUrl, iframe, element };
}
