// The npm package (issue 15; `cargo xtask package`, which `cargo xtask test` runs first): the
// packed tarball installs into a fresh folder with no registry, imports from Node — a Network
// trains, the extras' NumPy export reads it — and the element renders from a page served out of
// that folder, with the exports map, the types and the license in place.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { serve, launch, newPage, assertNoProblems, countLit, ROOT } from "./harness.mjs";

const version = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.+)"$/m)[1];
const TARBALL = path.join(ROOT, "target", "package", `backprop-lab-${version}.tgz`);
let dir, server, browser;

before(async () => {
  assert.ok(fs.existsSync(TARBALL), `cargo xtask package wrote ${TARBALL}`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "backprop-lab-consumer-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // --offline: the tarball has no dependencies, so nothing may be fetched.
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", TARBALL], { cwd: dir, stdio: "pipe" });
  server = await serve(fs.realpathSync(dir));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the package's manifest: name, the core's version, an exports map, types, the license, no dependencies", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/backprop-lab/package.json"), "utf8"));
  assert.equal(pkg.name, "backprop-lab");
  assert.equal(pkg.version, version);
  assert.equal(pkg.license, "MIT");
  assert.equal(pkg.dependencies, undefined);
  for (const [entry, file] of [[".", "www/pkg/backprop_lab.js"], ["./extras", "www/pkg/backprop_lab_extras.js"], ["./element", "www/backprop-lab.js"]]) {
    assert.equal(pkg.exports[entry].default, `./${file}`);
    for (const f of [pkg.exports[entry].default, pkg.exports[entry].types]) assert.ok(fs.existsSync(path.join(dir, "node_modules/backprop-lab", f)), `${entry}: ${f} is in the package`);
  }
  const types = fs.readFileSync(path.join(dir, "node_modules/backprop-lab/types/backprop-lab.d.ts"), "utf8");
  assert.match(types, /"backprop-lab": BackpropLabElement/);
  for (const f of ["LICENSE", "README.md", "index.html", "embed.html", "backprop-lab.html", "www/pkg/backprop_lab_bg.wasm"]) assert.ok(fs.existsSync(path.join(dir, "node_modules/backprop-lab", f)), f);
  assert.ok(!fs.existsSync(path.join(dir, "node_modules/backprop-lab/www/lib/csv.test.js")), "no tests in the package");
});

test("from Node: import 'backprop-lab', a Network trains; 'backprop-lab/extras' exports it as NumPy", () => {
  const script = `
    import { readFileSync } from "node:fs";
    import init, { Network } from "backprop-lab";
    import initExtras, { toNumPy } from "backprop-lab/extras";
    await init({ module_or_path: readFileSync(new URL(import.meta.resolve("backprop-lab/www/pkg/backprop_lab_bg.wasm"))) });
    await initExtras({ module_or_path: readFileSync(new URL(import.meta.resolve("backprop-lab/www/pkg/backprop_lab_extras_bg.wasm"))) });
    const net = new Network({ layers: [2, 3, 1], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "normal", seed: 42 });
    const xs = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), ys = Float32Array.of(0, 1, 1, 0);
    const before = net.cost(xs, ys);
    for (let i = 0; i < 2000; i++) net.sgdStep(xs, ys, 2);
    console.log(JSON.stringify({ before, after: net.cost(xs, ys), numpy: toNumPy(net).includes("def forward(x):") }));
  `;
  fs.writeFileSync(path.join(dir, "consumer.mjs"), script);
  const out = JSON.parse(execFileSync("node", ["consumer.mjs"], { cwd: dir, encoding: "utf8" }));
  assert.ok(out.after < out.before * 0.5, `the cost fell: ${out.before} → ${out.after}`);
  assert.equal(out.numpy, true);
});

/** tsc (the typescript dev dependency) over `source` as a consumer's module: its messages, "" when it type-checks. */
function typeCheck(name, source) {
  fs.writeFileSync(path.join(dir, name), source);
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "es2022,esnext.disposable,dom", name];
  try {
    execFileSync("node", args, { cwd: dir, encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    return `${e.stdout}${e.stderr}`;
  }
}

test("TypeScript: a consumer typed against the package's declarations checks, and misuse is caught", () => {
  const good = `
    import init, { Network, Playground } from "backprop-lab";
    import { toNumPy, parseCsvPoints } from "backprop-lab/extras";
    import type { BackpropLabElement, BackpropLabScriptApi } from "backprop-lab/element";
    export async function run(el: BackpropLabElement, api: BackpropLabScriptApi): Promise<number> {
      await init();
      const net = new Network({ layers: [2, 3, 1], seed: 1 });
      const sizes: Uint32Array | number[] = net.layerSizes();
      const pg = new Playground({ dataset: "xor" });
      pg.step();
      const text: string = toNumPy(net);
      const csv: unknown = parseCsvPoints("1,2,a\\n3,4,b", "auto");
      el.addEventListener("epoch", (e) => console.log(e.detail.epoch, e.detail.trainLoss));
      await el.ready;
      const playing: boolean = el.step(1) && api.playing;
      return sizes.length + text.length + (playing ? 1 : 0) + (csv ? 1 : 0) + pg.epoch();
    }
  `;
  assert.equal(typeCheck("good.ts", good), "", "the consumer type-checks");
  // Misuse the types must catch: a method that does not exist, a wrong argument, a wrong event detail.
  const bad = [
    ["net.train(3)", 'import { Network } from "backprop-lab"; export const f = (net: Network) => net.train(3);', /Property 'train' does not exist/],
    ["step('x')", 'import type { BackpropLabElement } from "backprop-lab/element"; export const f = (el: BackpropLabElement) => el.step("x");', /not assignable to parameter/],
    ["detail.nope", 'import type { BackpropLabElement } from "backprop-lab/element"; export const f = (el: BackpropLabElement) => el.addEventListener("epoch", (e) => e.detail.nope);', /Property 'nope' does not exist/],
  ];
  for (const [what, source, message] of bad) assert.match(typeCheck("bad.ts", source), message, what);
});

test("in a page served from the consumer's folder, <backprop-lab> from the package renders and steps", async () => {
  fs.writeFileSync(
    path.join(dir, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Consumer</title><link rel="icon" href="data:,">
     <script type="module" src="node_modules/backprop-lab/www/backprop-lab.js"></script></head>
     <body><h1>A course page</h1><backprop-lab id="lab" dataset="xor" layers="4,2" seed="3" view="network" controls="minimal"></backprop-lab></body></html>`,
  );
  const page = await newPage(browser, server.url, { width: 1000, height: 700 });
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => customElements.get("backprop-lab"));
  await page.evaluate(() => document.getElementById("lab").ready);
  await page.evaluate(() => new Promise((r) => document.getElementById("lab").frame.contentWindow.requestAnimationFrame(() => requestAnimationFrame(r))));
  const sizes = await page.evaluate(() => Array.from(document.getElementById("lab").network.layerSizes()));
  assert.deepEqual(sizes, [2, 4, 2, 1]);
  const drawn = await page.evaluate(([src]) => new Function(`return (${src})`)()([document.getElementById("lab").frame.contentDocument.getElementById("network")]), [countLit.toString()]);
  assert.ok(drawn.lit > drawn.total * 0.02, "the element's network is drawn");
  assert.equal(await page.evaluate(() => document.getElementById("lab").step()), true);
  assert.equal(await page.evaluate(() => document.getElementById("lab").playground.iterations()), 1);
  assertNoProblems(page);
  await page.context().close();
});
