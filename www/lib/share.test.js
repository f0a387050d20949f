// node --test www/lib/share.test.js
import test from "node:test";
import assert from "node:assert/strict";
import { shareSnippets, elementAttributes, escapeAttribute, pageUrls } from "./share.js";

const values = {
  dataset: "xor", hidden: [4, 2], activations: ["tanh", "tanh"], learningRate: 0.03, seed: 7, mode: "playground",
};

test("the link keeps the page's address and carries the state's hash", () => {
  const s = shareSnippets({ href: "https://ex.org/lab/index.html#old", hash: "#dataset=xor&seed=7", values });
  assert.equal(s.link, "https://ex.org/lab/index.html#dataset=xor&seed=7");
  assert.equal(s.embedUrl, "https://ex.org/lab/embed.html#dataset=xor&seed=7");
});

test("the iframe points at embed.html with the hash, escaped for HTML", () => {
  const s = shareSnippets({ href: "https://ex.org/lab/", hash: "dataset=xor&seed=7", values });
  assert.equal(
    s.iframe,
    '<iframe src="https://ex.org/lab/embed.html#dataset=xor&amp;seed=7" title="Backprop Lab" width="960" height="540" style="border:0" loading="lazy"></iframe>',
  );
});

test("the element carries dataset, layers, activation, learning rate, seed and view", () => {
  const s = shareSnippets({ href: "http://localhost:8000/index.html", hash: "", values });
  assert.equal(
    s.element,
    '<backprop-lab dataset="xor" layers="4,2" activation="tanh" learning-rate="0.03" seed="7" view="full"></backprop-lab>',
  );
  assert.equal(s.link, "http://localhost:8000/index.html");
});

test("mixed activations are listed per layer and the mode picks the view", () => {
  const attrs = Object.fromEntries(elementAttributes({ ...values, activations: ["relu", "tanh"], mode: "backprop" }));
  assert.equal(attrs.activation, "relu,tanh");
  assert.equal(attrs.view, "stepper");
  assert.equal(Object.fromEntries(elementAttributes({ ...values, mode: "surface" })).view, "surface");
  const none = Object.fromEntries(elementAttributes({ ...values, hidden: [], activations: [] }));
  assert.equal("layers" in none, false, "no hidden layer: no layers attribute");
});

test("attribute text is escaped and file pages get a sibling embed.html", () => {
  assert.equal(escapeAttribute(`a"b<c>&`), "a&quot;b&lt;c&gt;&amp;");
  assert.equal(pageUrls("file:///home/t/slides/backprop-lab.html#x").embed, "file:///home/t/slides/embed.html");
});
