// The link's trained network (issue 15): `weights=…` in a shared link (lib/weights-link.js) is
// taken off the URL before the page reads its settings — it is one moment's network, not a
// setting, and training changes it at once — and put into the network those settings built,
// with a notice; a bad or mismatched value is named and the network keeps its seed's weights.

import { takeWeights, decodeWeights, encodeWeights, MAX_LINK } from "../lib/weights-link.js";

/** Before the app starts: the link's `weights` value (removed from the address), or null. */
export function takeLinkWeights() {
  const { hash, weights } = takeWeights(location.hash);
  if (weights !== null) history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
  return weights;
}

/** After the app started: the link's weights into the playground's network. */
export async function applyLinkWeights(app, text) {
  const net = app.session.net;
  try {
    const p = await decodeWeights(text, Array.from(net.layerSizes()));
    app.session.setParameters(net, p.weights, p.biases);
    app.invalidate();
    app.addNotice("Opened the link's trained network: exactly its weights and biases");
  } catch (e) {
    app.addNotice(`Ignored the link's weights: ${e.message}. The network starts from its seed`);
  }
}

/**
 * The state's hash with the network's weights added, or { error } when the link would be longer
 * than MAX_LINK characters with them (`base`: the link without them).
 */
export async function hashWithWeights(app, base) {
  const value = await encodeWeights(app.session.parameters(app.session.net));
  const hash = `${app.store.toHash()}&weights=${value}`;
  const length = base.length + value.length + "&weights=".length;
  if (length > MAX_LINK) {
    return { error: `With its ${value.length.toLocaleString("en")} characters of weights the link would be ${length.toLocaleString("en")} characters long — too long to paste safely (${MAX_LINK.toLocaleString("en")} at most). Use Save for a network this size.` };
  }
  return { hash };
}
