// The house rule of www/ (docs/ARCHITECTURE.md, "The front end's folders"): every module's
// imports, read with a real parser (acorn), follow the folder rule —
//   lib/      imports only lib/ (pure helpers, unit-tested with node --test);
//   widgets/  imports only lib/ (canvas widgets several tabs share);
//   app/      imports lib/ and app/; only app/session.js and app/extras.js import pkg/;
//   a view folder (playground/, backprop/, surface/, digits/, embed/) imports lib/, widgets/,
//             app/ and its own folder — never another view, never pkg/ (its worker excepted);
//   main.js   boots (≤ 80 lines); backprop-lab.js, the element, imports lib/ only.
// The parse is checked against what the browser really loads: every module the page fetches
// while each tab opens is in the graph read here, so no import escapes the rule unseen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parse } from "acorn";
import { setup, openApp, assertNoProblems, ROOT } from "./harness.mjs";

const WWW = path.join(ROOT, "www");
const VIEWS = ["playground", "backprop", "surface", "digits", "lessons", "embed"];
const WORKERS = ["app/digits-worker.js", "surface/worker.js"];
// The digit network's worker, MNIST and pretrained file are the app's (the Digits and Lessons tabs
// share them); app/digits-source.js is the one module that names the data folders.
const DIGITS_SOURCE = "app/digits-source.js";
const SOURCES = [DIGITS_SOURCE, "surface/source.js"];
const PKG_IMPORTERS = ["app/session.js", "app/extras.js", ...WORKERS];

/** Every .js module of www/ outside pkg/ and data folders, test files excluded, relative to www/. */
function modules(dir = WWW) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ["pkg", "data", "data-pretrained"].includes(e.name) && dir === WWW ? [] : modules(full);
    return e.name.endsWith(".js") && !e.name.endsWith(".test.js") ? [path.relative(WWW, full)] : [];
  });
}

/**
 * The modules `file` (relative to www/) reaches: static imports and re-exports, import(), and
 * `new URL("…", import.meta.url)` (workers, wasm, data). Each as a path relative to www/
 * (outside www/ starts with "../"). Only literal specifiers are allowed: anything else could
 * hide an import from this test.
 */
export function importsOf(file) {
  const source = fs.readFileSync(path.join(WWW, file), "utf8");
  const ast = parse(source, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
  const found = [];
  const resolve = (spec, node) => {
    assert.ok(typeof spec === "string", `${file}: a computed import at ${node.start} (only literal specifiers keep the rule checkable)`);
    if (!spec.startsWith("./") && !spec.startsWith("../")) return found.push({ bare: spec });
    found.push({ path: path.relative(WWW, path.resolve(path.dirname(path.join(WWW, file)), spec)) + (spec.endsWith("/") ? "/" : "") });
  };
  (function walk(node) {
    if (!node || typeof node.type !== "string") return;
    if (["ImportDeclaration", "ExportAllDeclaration", "ExportNamedDeclaration"].includes(node.type) && node.source) resolve(node.source.value, node);
    if (node.type === "ImportExpression") resolve(node.source.type === "Literal" ? node.source.value : null, node);
    if (node.type === "NewExpression" && node.callee.name === "URL" && node.arguments[1]?.type === "MemberExpression" &&
        node.arguments[1].object.type === "MetaProperty" && node.arguments[1].property.name === "url" && node.arguments[0].type === "Literal") {
      resolve(node.arguments[0].value, node);
    }
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") walk(v);
    }
  })(ast);
  return found;
}

const folderOf = (p) => (p.includes("/") ? p.split("/")[0] : "");

/** Why `from` may not import `to` (paths relative to www/), or null when the rule allows it. */
export function ruleBreak(from, to) {
  const src = folderOf(from);
  const dst = folderOf(to);
  // The embed page reads the app's markup; the element points its iframe at the embed page.
  if (to.startsWith("../")) return (from === "embed/embed.js" && to === "../index.html") || (from === "backprop-lab.js" && to === "../embed.html") ? null : "reaches outside www/";
  // A worker's source module names where its worker gets the extras wasm: a URL handed over, not code run.
  if (dst === "pkg" && SOURCES.includes(from) && to.endsWith(".wasm")) return null;
  if (dst === "pkg") return PKG_IMPORTERS.includes(from) ? null : "imports pkg/ (only the session, extras loader and workers may)";
  if (["data", "data-pretrained"].includes(dst)) return from === DIGITS_SOURCE ? null : "reads the data folders";
  if (src === "lib" || src === "widgets") return dst === "lib" ? null : `${src}/ imports only lib/`;
  if (src === "app") return ["lib", "app"].includes(dst) ? null : "app/ imports only lib/ and app/";
  if (VIEWS.includes(src)) {
    if (["lib", "widgets", "app", src].includes(dst)) return null;
    if (from === "embed/embed.js" && to === "main.js") return null; // the embed page boots the same app
    return `a view imports ${dst ? `${dst}/` : to}`;
  }
  if (from === "backprop-lab.js") return dst === "lib" ? null : "the element imports only lib/";
  if (from === "main.js") return null; // the boot mounts everything
  return `${from} is in no folder of the rule`;
}

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

test("every import in www/ follows the folder rule, and main.js only boots", () => {
  const files = modules();
  assert.ok(files.length > 40, `found ${files.length} modules`);
  const breaks = [];
  for (const file of files) {
    assert.ok(file === "main.js" || file === "backprop-lab.js" || ["app", "lib", "widgets", ...VIEWS].includes(folderOf(file)), `${file} is outside the folders`);
    for (const imp of importsOf(file)) {
      assert.equal(imp.bare, undefined, `${file} imports a bare specifier ${imp.bare}: www/ has no bundler`);
      const why = ruleBreak(file, imp.path);
      if (why) breaks.push(`${file} → ${imp.path}: ${why}`);
    }
  }
  assert.deepEqual(breaks, [], "imports that break the rule");
  const lines = fs.readFileSync(path.join(WWW, "main.js"), "utf8").split("\n").length;
  assert.ok(lines <= 81, `main.js has ${lines} lines (boot only: ≤ 80)`);
});

test("app/wasm-views.js is the only module that views wasm memory; app/session.js the only one that frees a handle", () => {
  const touches = [], frees = [];
  for (const file of modules()) {
    const source = fs.readFileSync(path.join(WWW, file), "utf8");
    if (file !== "app/wasm-views.js" && /\bmemory\s*\.\s*buffer\b/.test(source)) touches.push(file);
    // A worker frees the handles of its own module; the page's are the session's.
    if (file !== "app/session.js" && !WORKERS.includes(file) && /\.free\(\)/.test(source)) frees.push(file);
  }
  assert.deepEqual(touches, [], "modules that build typed arrays over memory.buffer themselves");
  assert.deepEqual(frees, [], "modules that free a wasm handle themselves");
});

test("the rule itself refuses what it should", () => {
  assert.match(ruleBreak("backprop/mode.js", "pkg/backprop_lab.js"), /pkg/);
  assert.match(ruleBreak("surface/panel.js", "digits/scene.js"), /view imports digits/);
  assert.match(ruleBreak("lib/colors.js", "app/store.js"), /lib\/ imports only lib/);
  assert.match(ruleBreak("widgets/network-view.js", "playground/controls.js"), /only lib/);
  assert.equal(ruleBreak("app/digits-worker.js", "pkg/backprop_lab_extras.js"), null);
  assert.match(ruleBreak("app/digits-source.js", "pkg/backprop_lab_extras.js"), /pkg/, "a source may name the wasm, not import the glue");
  assert.match(ruleBreak("playground/controls.js", "../tests/rng.mjs"), /outside/);
  assert.equal(ruleBreak("backprop/picker.js", "widgets/heatmap-view.js"), null);
  assert.equal(ruleBreak("digits/scene.js", "digits/controls.js"), null);
});

test("what the page loads in every tab is the graph this test reads: no import escapes it", async () => {
  const graph = new Set();
  const visit = (file) => {
    if (graph.has(file) || !file.endsWith(".js") || file.startsWith("pkg/")) return;
    graph.add(file);
    for (const imp of importsOf(file)) if (imp.path) visit(imp.path);
  };
  visit("main.js");
  visit("embed/embed.js");
  assert.ok(WORKERS.every((w) => graph.has(w)), "the workers are reached through their new URL(…, import.meta.url)");
  const loaded = new Set();
  const page = await openApp(env.browser, env.url, "seed=3");
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/www/") && u.pathname.endsWith(".js")) loaded.add(u.pathname.slice("/www/".length));
  });
  // What was loaded before the listener: the page's static graph, read from performance entries.
  for (const name of await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name))) {
    const u = new URL(name);
    if (u.pathname.startsWith("/www/") && u.pathname.endsWith(".js")) loaded.add(u.pathname.slice("/www/".length));
  }
  for (const name of ["Backprop", "Cost surface", "Digits", "Playground"]) {
    await page.getByRole("tab", { name, exact: true }).click();
    await page.waitForTimeout(400);
  }
  const missing = [...loaded].filter((f) => !f.startsWith("pkg/") && !graph.has(f));
  assert.deepEqual(missing, [], "modules the browser loaded that the parse did not find");
  assert.ok(loaded.has("main.js") && loaded.has("app/session.js"), `the page's modules were seen (${loaded.size})`);
  assertNoProblems(page);
  await page.context().close();
});
