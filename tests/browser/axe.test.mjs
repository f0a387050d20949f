// Accessibility checked by a real tool (issue 14): axe-core (npm, a dev dependency) run in
// Chromium over every tab of the page, the embed page at each `controls` and `theme`, and the
// offline file: no serious or critical violation. Each page's count of violations of every
// impact is printed, so the minor and moderate ones stay in view too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { setup, newPage, frames, ROOT } from "./harness.mjs";

const AXE = path.join(ROOT, "node_modules", "axe-core", "axe.min.js");
const FILE = path.join(ROOT, "dist", "backprop-lab.html");

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** axe-core's violations on the page as it is now: [{ id, impact, help, nodes: [selector…] }]. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
  });
}

const tally = (list) => Object.entries(list.reduce((c, v) => ({ ...c, [v.impact]: (c[v.impact] ?? 0) + 1 }), {})).map(([k, n]) => `${k} ${n}`).join(", ") || "none";

/** Fails on serious or critical violations, naming each with the elements it was found on. */
function check(where, list) {
  console.log(`axe ${where}: ${tally(list)}${list.length ? ` (${list.map((v) => v.id).join(", ")})` : ""}`);
  const bad = list.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(" | ")}`), [], `${where}: no serious or critical violation`);
}

/** Opens url and waits until `ready` holds in the page. */
async function open(url, ready, size) {
  const page = await newPage(env.browser, env.url, size);
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 60000 });
  await frames(page, 3);
  return page;
}

const TABS = [
  ["Playground", "mode=playground", () => window.backpropLab?.pg],
  ["Backprop", "mode=backprop", () => window.backpropLab?.app.backprop?.state],
  ["Cost surface", "mode=surface", () => document.querySelector("#surface-panel canvas")],
  ["Digits", "mode=digits", () => window.backpropLab?.app.digits?.evaluation],
  ["Lessons (a digit scene)", "lesson=2&scene=1", () => window.backpropLab?.app.lessons.view?.evaluation],
  ["Lessons (the chain rule)", "lesson=4&scene=1", () => window.backpropLab?.app.lessons.view],
  ["Lessons (the gradient field)", "lesson=2&scene=3", () => window.backpropLab?.app.lessons.view?.point],
];

for (const [name, hash, ready] of TABS) {
  for (const size of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    test(`axe: the ${name} tab at ${size.width} × ${size.height}`, async () => {
      const page = await open(`${env.url}index.html?digits=light#${hash}`, ready, size);
      check(`${name} ${size.width}`, await violations(page));
      await page.close();
    });
  }
}

// The Figure dialog open (issue 15), with the SVG format chosen, on the Playground and the
// Digits tab, at both sizes.
for (const [name, hash, ready] of TABS.filter(([n]) => n === "Playground" || n === "Digits")) {
  for (const size of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    test(`axe: the Figure dialog on the ${name} tab at ${size.width} × ${size.height}`, async () => {
      const page = await open(`${env.url}index.html?digits=light#${hash}`, ready, size);
      await page.getByRole("button", { name: "Figure" }).click();
      await page.check('input[name="figure-format"][value="svg"]');
      check(`Figure dialog ${name} ${size.width}`, await violations(page));
      await page.close();
    });
  }
}

// The CSV import dialog (issue 15), with a refused file's message and after an import.
for (const size of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
  test(`axe: the Import CSV dialog at ${size.width} × ${size.height}`, async () => {
    const page = await open(`${env.url}index.html#seed=3`, TABS[0][2], size);
    await page.getByRole("button", { name: "Import CSV…" }).click();
    await page.fill("#import-text", "1,2,a\n3,oops,b\n");
    await page.click("#import-paste");
    await page.waitForFunction(() => document.getElementById("import-error").textContent !== "");
    check(`Import dialog refused ${size.width}`, await violations(page));
    await page.fill("#import-text", "1,2,a\n3,4,b\n5,1,c\n");
    await page.click("#import-paste");
    await page.waitForFunction(() => /^Imported/.test(document.querySelector("#import-dialog .share-status").textContent));
    check(`Import dialog imported ${size.width}`, await violations(page));
    await page.keyboard.press("Escape");
    check(`Playground with imported data ${size.width}`, await violations(page));
    await page.close();
  });
}

test("axe: the embed page at each controls and theme", async () => {
  for (const controls of ["none", "minimal", "full"]) {
    for (const theme of ["dark", "light", "high-contrast"]) {
      const page = await open(`${env.url}embed.html?controls=${controls}&theme=${theme}`, () => window.backpropLab?.pg, { width: 960, height: 540 });
      check(`embed controls=${controls} theme=${theme}`, await violations(page));
      await page.close();
    }
  }
});

test("axe: the offline file", async () => {
  if (!fs.existsSync(FILE)) execFileSync("cargo", ["xtask", "dist"], { cwd: ROOT, stdio: "inherit" });
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, offline: true, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(pathToFileURL(FILE).href);
  await page.waitForFunction(() => window.backpropLab?.pg, null, { timeout: 30000 });
  await frames(page, 3);
  check("offline file", await violations(page));
  await context.close();
});
