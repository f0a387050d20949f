// node --test www/lib/embed-options.test.js
import test from "node:test";
import assert from "node:assert/strict";
import { readOptions, stateHash, optionsQuery, bodyClasses, flag, MODE_OF_VIEW } from "./embed-options.js";
import { VIEW_OF_MODE } from "./share.js";

const from = (o) => (name) => (name in o ? o[name] : null);

test("attributes become the page's hash keys, values passed as written for the page to check", () => {
  const get = from({ dataset: "xor", layers: "4, 2", activation: "tanh", "learning-rate": "0.03", seed: "7" });
  assert.equal(stateHash(get, "network"), "dataset=xor&hidden=4,2&act=tanh&lr=0.03&seed=7&mode=playground");
  assert.equal(stateHash(from({ dataset: "a&b=c" }), "stepper"), "dataset=a%26b%3Dc&mode=backprop");
  assert.equal(stateHash(from({ layers: "" }), "full"), "hidden=&mode=playground", "layers=\"\": no hidden layer");
});

test("an attribute with a lone surrogate or a '%' still makes a hash the page can read", () => {
  assert.equal(stateHash(from({ seed: "1\uD800", dataset: "x\uDC00y" }), "full"), "dataset=x%EF%BF%BDy&seed=1%EF%BF%BD&mode=playground");
  assert.equal(stateHash(from({ dataset: "😀", "learning-rate": "10%" }), "full"), "dataset=%F0%9F%98%80&lr=10%25&mode=playground");
});

test("missing options take the defaults: view full, controls minimal, theme dark, no autoplay", () => {
  const { options, notices } = readOptions(from({}));
  assert.deepEqual(options, { view: "full", controls: "minimal", theme: "dark", autoplay: false, controlsGiven: false });
  assert.deepEqual(notices, []);
});

test("a bad option takes its default and says so; case and spaces are forgiven", () => {
  const { options, notices } = readOptions(from({ view: "sideways", controls: " Full ", theme: "neon" }));
  assert.equal(options.view, "full");
  assert.equal(options.controls, "full");
  assert.equal(options.theme, "dark");
  assert.equal(notices.length, 2);
  assert.match(notices[0], /^Ignored bad value for view: 'sideways' \(must be one of network, stepper, surface, digits, lesson, full\) — using full$/);
  assert.match(notices[1], /theme: 'neon'/);
});

test("autoplay is a boolean attribute: present means on, unless it says false", () => {
  assert.equal(flag(""), true);
  assert.equal(flag("autoplay"), true);
  assert.equal(flag(null), false);
  assert.equal(flag("false"), false);
  assert.equal(flag("0"), false);
});

test("the query carries only the options given", () => {
  assert.equal(optionsQuery(from({})), "");
  assert.equal(optionsQuery(from({ view: "surface", theme: "light", autoplay: "" })), "?view=surface&theme=light&autoplay=");
});

test("controls=full is the whole app (no .embed); other controls keep the embed layout", () => {
  assert.deepEqual(bodyClasses({ view: "network", controls: "full", theme: "dark", controlsGiven: true }), ["view-network", "theme-dark", "controls-full"]);
  assert.deepEqual(bodyClasses({ view: "full", controls: "minimal", theme: "light", controlsGiven: false }), ["view-full", "theme-light", "embed"]);
});

test("every view maps to a page mode, and the share dialog's views are the element's", () => {
  assert.deepEqual(MODE_OF_VIEW, { network: "playground", full: "playground", stepper: "backprop", surface: "surface", digits: "digits", lesson: "lessons" });
  for (const [mode, view] of Object.entries(VIEW_OF_MODE)) assert.equal(MODE_OF_VIEW[view], mode);
});

test("a lesson and scene travel in the hash and open the Lessons tab unless a view is named", () => {
  assert.equal(stateHash(from({ lesson: "4", scene: "2" }), "full"), "lesson=4&scene=2&mode=lessons");
  assert.equal(stateHash(from({ lesson: "4" }), "lesson"), "lesson=4&mode=lessons");
  assert.equal(stateHash(from({ scene: "3", dataset: "xor" }), "network"), "dataset=xor&scene=3&mode=playground", "a view named wins");
  assert.equal(stateHash(from({ lesson: "x" }), "full"), "lesson=x&mode=lessons", "passed as written: the page names a bad value");
});
