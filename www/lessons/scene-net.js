// What several lesson scene kinds share: the scene's own network (built by the session under
// the slot "lesson", freed by the scene's destroy()), its examples as the flat inputs and
// targets the core takes, and reading and writing one parameter of it through the checked
// bindings.

/** The slot a scene's network is held under. */
export const NET = "lesson";

/** { net, xs, ys }: the scene's network and its `examples` ({ x, y } each) flattened. */
export function sceneNetwork(session, scene) {
  return {
    net: session.network(NET, scene.network),
    xs: (scene.examples ?? []).flatMap((e) => e.x),
    ys: (scene.examples ?? []).flatMap((e) => e.y),
  };
}

/** The value of parameter p = { kind, l, j, k } of `net` (k unused for a bias). */
export function getParam(net, p) {
  return p.kind === "weight" ? net.getWeight(p.l, p.j, p.k ?? 0) : net.getBias(p.l, p.j);
}

/** Sets parameter p of `net` to v (the core checks it). */
export function setParam(net, p, v) {
  if (p.kind === "weight") net.setWeight(p.l, p.j, p.k ?? 0, v);
  else net.setBias(p.l, p.j, v);
}
