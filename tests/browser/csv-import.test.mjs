// CSV import (issue 15): pasted text, the file picker and a file dropped on the page become the
// Playground's data (the core's parseCsvPoints reads them; the points it returns are the ones
// trained on), classes up to 8 and numbers for regression; every bad file is named with its
// line while the data in use is kept; the data outlives a reload (localStorage) but not a
// fresh browser, where the link's dataset=imported is refused with a notice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems } from "./harness.mjs";

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  if (env) await env.close();
});

/** Four classes in the four quadrants of [0, 10] × [0, 25], semicolons and a decimal comma. */
function quadrants(n = 240) {
  let text = "width;height;fruit\n";
  for (let i = 0; i < n; i++) {
    const x = ((i * 7919) % 100) / 10;
    const y = ((i * 104729) % 100) / 4;
    const fruit = ["apple", "pear", "plum", "fig"][(x > 5 ? 1 : 0) + (y > 12.5 ? 2 : 0)];
    text += `${String(x).replace(".", ",")};${String(y).replace(".", ",")};${fruit}\n`;
  }
  return text;
}

/** The page's data: sizes, outputs, regression, dataset, all points (train then test). */
const state = (page) =>
  page.evaluate(() => {
    const { pg, net, app } = window.backpropLab;
    return {
      sizes: Array.from(net.layerSizes()), outputs: pg.outputs(), regression: pg.isRegression(), dataset: app.store.get("dataset"),
      points: [...pg.trainPoints(), ...pg.testPoints()], hash: location.hash,
      summary: document.getElementById("imported-summary").hidden ? null : document.getElementById("imported-summary").textContent,
    };
  });

async function paste(page, text, labels = "auto") {
  if (!(await page.locator("#import-dialog").isVisible())) await page.click("#import-csv");
  await page.selectOption("#import-labels", labels);
  // A pasted 10,000-row text: set at once (fill would take longer than the test).
  await page.evaluate((text) => (document.getElementById("import-text").value = text), text);
  await page.click("#import-paste");
  await page.waitForFunction(() => !/^Reading/.test(document.querySelector("#import-dialog .share-status").textContent));
  await frames(page);
}

/** The same text read by the extras module directly: the points sorted, to compare as sets. */
async function coreRead(page, text, labels = "auto") {
  return page.evaluate(async ([text, labels]) => {
    const x = await window.backpropLab.app.session.extras();
    const r = x.parseCsvPoints(text, labels);
    return { ...r, points: Array.from(r.points) };
  }, [text, labels]);
}

const triples = (flat) => {
  const out = [];
  for (let i = 0; i < flat.length; i += 3) out.push(flat.slice(i, i + 3).join(","));
  return out.sort();
};

test("pasted rows with four classes become a 4-output network's data, exactly the core's points, and it learns them", async () => {
  const page = await openApp(env.browser, env.url, "seed=4&hidden=6&act=tanh");
  const text = quadrants();
  await paste(page, text);
  const s = await state(page);
  const core = await coreRead(page, text);
  assert.equal(s.dataset, "imported");
  assert.deepEqual(s.sizes, [2, 6, 4]);
  assert.equal(s.outputs, 4);
  const seen = [...new Set(text.trim().split("\n").slice(1).map((row) => row.split(";")[2]))];
  assert.deepEqual(core.classNames, seen, "classes in order of first appearance");
  assert.equal(seen.length, 4);
  assert.deepEqual(core.header, ["width", "height", "fruit"]);
  assert.deepEqual(core.x1Range, [0, 9.9]);
  assert.equal(s.points.length, 240 * 3);
  assert.deepEqual(triples(s.points), triples(core.points), "the Playground trains on the core's scaled points");
  assert.match(s.hash, /dataset=imported/);
  assert.doesNotMatch(s.hash, /points=[^&]/, "the link does not carry the points");
  assert.match(s.summary, /240 points, 4 classes \(0: apple, 1: .*\)\. width 0 to 9\.9 and height 0 to 24\.75/);
  assert.match(await page.textContent("#import-dialog .share-status"), /^Imported the pasted text: 240 points/);
  // The output legend names the classes as the file wrote them, in class order.
  assert.equal(await page.locator("#legend-imported").isVisible(), true);
  assert.match(await page.textContent("#legend-imported"), new RegExp(seen.map((n, i) => `${i}: ${n}`).join(".*")));
  // The add-points controls are gone, and a click on the plot is refused with a message.
  assert.equal(await page.locator(".add-points").isVisible(), false);
  assert.equal(await page.locator("#noise").isVisible(), false, "the generators' noise slider is hidden for a file's data");
  const m = await page.evaluate(() => {
    const pg = window.backpropLab.pg;
    const before = pg.metrics().trainLoss;
    pg.train(3000);
    return { before, after: pg.metrics() };
  });
  assert.ok(m.after.trainLoss < m.before / 2, `C ${m.before} → ${m.after.trainLoss}`);
  assert.ok(m.after.testAccuracy > 0.9, `test accuracy ${m.after.testAccuracy}`);
  // Share says the link does not carry the points.
  await page.keyboard.press("Escape");
  await page.click("#share");
  await page.waitForFunction(() => /imported data is not in the link/.test(document.querySelector("#share-dialog .share-status").textContent));
  await page.keyboard.press("Escape");
  assertNoProblems(page);
  await page.context().close();
});

test("a file from the picker with numbers is regression; a CSV dropped on the page is imported; a reload keeps the data", async () => {
  const page = await openApp(env.browser, env.url, "seed=4");
  let text = "x1,x2,height\n";
  for (let i = 0; i < 50; i++) text += `${i},${(i * 37) % 50},${(0.5 * i + 3).toFixed(2)}\n`;
  await page.click("#import-csv");
  await page.setInputFiles("#import-file", { name: "heights.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.waitForFunction(() => /^Imported heights\.csv/.test(document.querySelector("#import-dialog .share-status").textContent));
  await frames(page);
  let s = await state(page);
  assert.equal(s.dataset, "importedValues");
  assert.equal(s.regression, true);
  assert.deepEqual(s.sizes.at(-1), 1);
  assert.match(s.summary, /heights\.csv: 50 points, values 3 to 27\.5 scaled into \[0, 1\]/);
  const targets = triples(s.points).length;
  assert.equal(targets, 50);
  await page.keyboard.press("Escape");
  // Drop a semicolon file of three classes anywhere on the page (the save files' drop target).
  const dropped = "1;1;a\n2;2;b\n3;3;c\n4;1;a\n5;2;b\n6;3;c\n";
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "drop.csv", { type: "text/csv" }));
    const target = document.getElementById("heatmap");
    target.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, dropped);
  await page.waitForFunction(() => /^Imported drop\.csv/.test(document.querySelector("#import-dialog .share-status").textContent));
  await frames(page);
  s = await state(page);
  assert.equal(s.dataset, "imported");
  assert.equal(s.outputs, 3);
  // Reload: the link says dataset=imported and this browser still has the points.
  const before = triples(s.points);
  await page.reload();
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg);
  await frames(page);
  s = await state(page);
  assert.equal(s.dataset, "imported");
  assert.deepEqual(triples(s.points), before);
  assert.match(s.summary, /drop\.csv: 6 points, 3 classes/);
  assertNoProblems(page);
  await page.context().close();
});

test("every bad file is named with its line and the problem, and the data in use is kept", async () => {
  const page = await openApp(env.browser, env.url, "dataset=spiral&seed=4");
  const nine = Array.from({ length: 9 }, (_, c) => `${c},${c},class${c}`).join("\n");
  const many = Array.from({ length: 10001 }, (_, i) => `${i},${i % 7},${i % 2}`).join("\n");
  const cases = [
    ["1,2\n3,4\n", /line 1: 2 columns, but x1, x2 and a label/],
    ["x,y,l\n1,2,0\n3,oops,1\n", /line 3: x2 is "oops", not a number/],
    ["1,2,a\n3,4,a\n", /one class only/],
    [nine, /line 9: a 9th class, "class8": at most 8 classes/],
    [many, /line 10001: more than 10000 rows/],
    ["1,2,0\n3,4,1,5\n", /line 2: 4 columns separated by commas/],
    ["1,2,0\n", /1 data row: at least 2 are needed/],
  ];
  const start = await state(page);
  for (const [text, message] of cases) {
    await paste(page, text);
    const shown = await page.textContent("#import-error");
    assert.match(shown, message, shown);
    assert.match(shown, /the data is unchanged/);
    const s = await state(page);
    assert.equal(s.dataset, "spiral");
    assert.deepEqual(s.points, start.points, "the spiral is still the data");
  }
  // Numbers asked for, a label that is not one.
  await paste(page, "1,2,0.5\n3,4,tall\n", "numbers");
  assert.match(await page.textContent("#import-error"), /line 2: the label "tall" is not a number/);
  // Empty paste.
  await page.fill("#import-text", "  ");
  await page.click("#import-paste");
  assert.match(await page.textContent("#import-error"), /Paste some rows/);
  assertNoProblems(page);
  await page.context().close();
});

test("a link with dataset=imported in a browser without the data names the problem and uses the default data", async () => {
  const page = await openApp(env.browser, env.url, "dataset=imported&seed=5&hidden=3");
  const s = await state(page);
  assert.equal(s.dataset, "circle");
  assert.deepEqual(s.sizes, [2, 3, 1], "the rest of the link is kept");
  const notice = await page.textContent("#notice-text");
  assert.match(notice, /dataset: 'imported' \(an imported data set has 2 to 10000 points, not 0 \(import a CSV file first\)\)/);
  assertNoProblems(page);
  await page.context().close();
});

test("the page's own Download as CSV imports back: the same points, the same classes", async () => {
  const page = await openApp(env.browser, env.url, "dataset=threeClass&seed=3&noise=10");
  const before = await state(page);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#export-data-csv")]);
  const fs = await import("node:fs");
  const text = fs.readFileSync(await dl.path(), "utf8");
  assert.match(text, /^x1,x2,label,set\n/);
  await page.click("#import-csv");
  await page.setInputFiles("#import-file", { name: "three.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.waitForFunction(() => /^Imported three\.csv/.test(document.querySelector("#import-dialog .share-status").textContent));
  await frames(page);
  const after = await state(page);
  assert.equal(after.dataset, "imported");
  assert.equal(after.outputs, 3);
  assert.equal(after.points.length, before.points.length);
  const counts = (flat) => [0, 1, 2].map((c) => flat.filter((v, i) => i % 3 === 2 && v === c).length);
  assert.deepEqual(counts(after.points), counts(before.points), "each class keeps its points");
  assertNoProblems(page);
  await page.context().close();
});
