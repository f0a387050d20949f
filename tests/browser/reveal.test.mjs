// <backprop-lab> in a real reveal.js deck (issue 15; reveal.js from npm, a dev dependency): the
// deck's → / ← move slides while the focus is on the deck; a click puts the keyboard in a scene
// (→ trains a mini-batch there and the slide stays); Esc hands the keys back to the deck; the
// deck's fragments step the stepper scene through its phases (and back); leaving a slide pauses
// its scene — what examples/slides.html promises, with reveal.js's own navigation and events.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, newPage, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

test("reveal.js: navigation, scene focus, Esc, fragments and slide changes with two <backprop-lab> scenes", async () => {
  const page = await newPage(env.browser, env.url, { width: 1280, height: 800 });
  await page.goto(`${env.url}tests/browser/reveal-deck.html`);
  await page.waitForFunction(() => window.Reveal?.isReady() && customElements.get("backprop-lab"));
  await page.evaluate(() => Promise.all([...document.querySelectorAll("backprop-lab")].map((el) => el.ready)));
  const h = () => page.evaluate(() => window.Reveal.getIndices().h);
  const lab = (id, f) => page.evaluate(([id, src]) => new Function("el", `return (${src})(el)`)(document.getElementById(id)), [id, f.toString()]);

  // The deck's keys: → is the next slide.
  await page.locator("#s-title h2").click();
  await page.keyboard.press("ArrowRight");
  assert.equal(await h(), 1, "→ on the deck: the forward-pass slide");

  // A click in the scene gives it the keyboard: → trains one mini-batch, the slide stays.
  const box = await page.locator("#lab-forward").boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.9);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.getElementById("lab-forward").playground.iterations() === 1);
  assert.equal(await h(), 1, "the deck did not move while the scene had focus");
  // Space plays the scene; Esc gives the keys back to the deck, whose → moves on.
  await page.keyboard.press(" ");
  assert.equal(await lab("lab-forward", (el) => el.playing), true, "Space plays the scene");
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowRight");
  assert.equal(await h(), 2, "after Esc, → is the deck's again");
  assert.equal(await lab("lab-forward", (el) => el.playing), false, "leaving the slide paused its scene (slidechanged)");
  assert.ok((await page.evaluate(() => window.slideChanges)) >= 2, "reveal.js sent its slidechanged events");

  // Fragments step the stepper: each → shows a fragment and moves one phase; ← goes back.
  const phase = () => lab("lab-stepper", (el) => el.frame.contentWindow.backpropLab.app.backprop.state?.phase ?? null);
  await page.waitForFunction(() => document.getElementById("lab-stepper").frame.contentWindow.backpropLab.app.backprop?.state);
  assert.equal(await phase(), "start");
  await page.keyboard.press("ArrowRight");
  assert.equal(await phase(), "forward", "the first fragment: the first forward step");
  const layer = () => lab("lab-stepper", (el) => el.frame.contentWindow.backpropLab.app.backprop.stepper.phase().layer);
  assert.equal(await layer(), 1);
  await page.keyboard.press("ArrowRight");
  assert.equal(await layer(), 2, "the second fragment: the next phase");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await layer(), 1, "← hides a fragment and steps back");
  assert.equal(await h(), 2, "fragments, not slides");
  assertNoProblems(page);
  await page.context().close();
});
