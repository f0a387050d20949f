// The Lessons tab: 3Blue1Brown's chapters as guided scenes (lessons/chapters.js lists them;
// each chapter is a plain data module). A scene is one moment of the story: a kind of live view
// (lessons/neuron.js, count.js, descent.js, race.js, average.js, chain.js, field.js, sgd.js,
// digit.js, edge.js, memorise.js) built on the real core with the scene's network, a
// few sentences and one "Try:" line. The URL holds the chapter and the scene (#lesson=4&scene=2,
// both from 1), so a link opens that moment; Back / Next, ← / → (app/commands.js's step) and
// the scene list move between scenes. A scene builds its own networks through the session
// (slots "lesson…"), never the Playground's, so the other tabs' work is never touched; leaving
// a scene frees what it built.

import { CHAPTERS, chapterOf } from "./chapters.js";
import { NeuronScene } from "./neuron.js";
import { CountScene } from "./count.js";
import { ChainScene } from "./chain.js";
import { AverageScene } from "./average.js";
import { DescentScene } from "./descent.js";
import { RaceScene } from "./race.js";
import { DigitScene } from "./digit.js";
import { EdgeScene } from "./edge.js";
import { MemoriseScene } from "./memorise.js";
import { FieldScene } from "./field.js";
import { SgdScene } from "./sgd.js";
import { decodeHash } from "../lib/hash.js";
import { esc } from "../lib/backprop-math.js";

const MODE = "lessons";
/**
 * Scene kinds: a scene's `kind` names one; each is a class (root, scene, session, host) with
 * destroy(), and, for a scene that trains, play() (false: cannot), pause() and frame(now)
 * (false: done) — host.play() / host.pause() start and stop it through the page's commands;
 * host.openTab(mode) shows another tab (the digit scenes' way to the Digits tab).
 */
export const KINDS = {
  neuron: NeuronScene,
  count: CountScene,
  chain: ChainScene,
  average: AverageScene,
  descent: DescentScene,
  race: RaceScene,
  digit: DigitScene,
  edge: EdgeScene,
  memorise: MemoriseScene,
  field: FieldScene,
  sgd: SgdScene,
};

/** Every scene in order, as { chapter, scene, index } (1-based numbers as the URL writes them). */
export function sceneList() {
  return CHAPTERS.flatMap((c) => c.scenes.map((s, i) => ({ chapter: c.number, scene: i + 1, data: s, title: c.title })));
}

/**
 * The scene a (lesson, scene) pair names, or the nearest that exists with a notice: an
 * unknown chapter gives the first scene of the first chapter, a scene past the end the
 * chapter's last.
 */
export function resolve(lesson, scene) {
  const c = chapterOf(lesson);
  if (!c) {
    const first = CHAPTERS[0];
    return { lesson: first.number, scene: 1, notice: `There is no lesson ${lesson}: the lessons are ${CHAPTERS.map((x) => x.number).join(", ")} — showing lesson ${first.number}` };
  }
  if (scene > c.scenes.length) {
    const n = c.scenes.length;
    return { lesson, scene: n, notice: `Lesson ${lesson} has ${n} scene${n === 1 ? "" : "s"}, not ${scene} — showing scene ${n}` };
  }
  return { lesson, scene, notice: null };
}

const TEMPLATE = `
  <div class="ls">
    <nav class="ls-toc" aria-label="Chapters and scenes">
      <details open>
        <summary>Chapters and scenes</summary>
        <ol class="ls-chapters"></ol>
      </details>
    </nav>
    <article class="ls-main" aria-labelledby="ls-title">
      <p class="ls-where" id="ls-where"></p>
      <h2 id="ls-title"></h2>
      <div class="ls-body">
        <div class="ls-stage" id="ls-stage"></div>
        <div class="ls-words">
          <p class="ls-text" id="ls-text"></p>
          <p class="ls-try" id="ls-try"></p>
          <p class="error" id="ls-error" role="alert" hidden></p>
          <div class="ls-nav">
            <button type="button" id="ls-back">← Back</button>
            <button type="button" id="ls-next">Next →</button>
          </div>
        </div>
      </div>
    </article>
  </div>`;

/** The tab's state: which scene is shown and the live view of it. */
class Lessons {
  constructor(root, app) {
    this.root = root;
    this.app = app;
    this.view = null; // the live scene (a KINDS instance)
    this.shown = null; // "lesson/scene" of this.view
    root.innerHTML = TEMPLATE;
    this.$ = (id) => root.querySelector(`#${id}`);
    // On a phone the list starts folded, so the scene is on the first screen.
    if (globalThis.matchMedia?.("(max-width: 900px)").matches) root.querySelector(".ls-toc details").open = false;
    const list = root.querySelector(".ls-chapters");
    list.innerHTML = CHAPTERS.map(
      (c) => `<li><span class="ls-chapter">Chapter ${c.number} · ${esc(c.title)}</span><ol>${c.scenes
        .map((s, i) => `<li><button type="button" class="ls-scene" data-lesson="${c.number}" data-scene="${i + 1}">${esc(s.title)}</button></li>`)
        .join("")}</ol></li>`,
    ).join("");
    list.addEventListener("click", (e) => {
      const b = e.target.closest("button.ls-scene");
      if (b) this.open(Number(b.dataset.lesson), Number(b.dataset.scene));
    });
    // What a scene that trains asks of the page: play and pause through the page's commands
    // (so Space, the element's play() and the header agree), and whether it plays.
    this.host = {
      play: () => app.commands.play(MODE),
      pause: () => app.commands.pause(),
      openTab: (mode) => app.commands.setMode(mode),
      get playing() {
        return app.loop.playingView === MODE;
      },
    };
    this.$("ls-back").addEventListener("click", () => this.go(-1));
    this.$("ls-next").addEventListener("click", () => this.go(1));
  }

  /** The (lesson, scene) the store holds, resolved to one that exists. */
  current() {
    return resolve(this.app.store.get("lesson"), this.app.store.get("scene"));
  }

  /** Show scene `scene` of lesson `lesson` (the URL follows). */
  open(lesson, scene) {
    this.app.store.set({ lesson, scene });
    this.render();
  }

  /** The next (+1) or previous (−1) scene across chapters; false at either end. */
  go(dir) {
    const all = sceneList();
    const { lesson, scene } = this.current();
    const i = all.findIndex((s) => s.chapter === lesson && s.scene === scene);
    const next = all[i + dir];
    if (!next) return false;
    this.open(next.chapter, next.scene);
    return true;
  }

  /** Builds the store's scene afresh (its sliders back to the scene's own values). */
  reset() {
    this.shown = null;
    this.render();
  }

  /** Shows the store's scene; builds its live view when it is a different scene. */
  render() {
    const { lesson, scene, notice } = this.current();
    // A link or a call past the end: say so, and the URL names the scene shown.
    if (notice) {
      this.app.addNotice(notice);
      this.app.store.set({ lesson, scene });
    }
    const id = `${lesson}/${scene}`;
    if (this.shown === id) return;
    this.leave();
    const chapter = chapterOf(lesson);
    const data = chapter.scenes[scene - 1];
    const all = sceneList();
    const at = all.findIndex((s) => s.chapter === lesson && s.scene === scene);
    this.$("ls-where").textContent = `Chapter ${lesson} · ${chapter.title} · scene ${scene} of ${chapter.scenes.length}`;
    this.$("ls-title").textContent = data.title;
    this.$("ls-text").innerHTML = data.text;
    this.$("ls-try").innerHTML = `<b>Try:</b> ${esc(data.try)}`;
    this.$("ls-back").disabled = at <= 0;
    this.$("ls-next").disabled = at >= all.length - 1;
    for (const b of this.root.querySelectorAll("button.ls-scene")) {
      const on = Number(b.dataset.lesson) === lesson && Number(b.dataset.scene) === scene;
      if (on) b.setAttribute("aria-current", "step");
      else b.removeAttribute("aria-current");
    }
    const error = this.$("ls-error");
    error.hidden = true;
    const Kind = KINDS[data.kind];
    const stage = this.$("ls-stage");
    stage.textContent = "";
    this.root.querySelector(".ls-body").classList.toggle("ls-wide", Boolean(Kind?.wide));
    try {
      if (!Kind) throw new Error(`scene "${data.title}" has an unknown kind "${data.kind}" (the kinds are ${Object.keys(KINDS).join(", ")})`);
      this.view = new Kind(stage, data, this.app.session, this.host);
    } catch (e) {
      error.textContent = `⚠ ${e.message}`;
      error.hidden = false;
      this.view = null;
    }
    this.shown = id;
  }

  /** Frees what the shown scene built (and stops it if it plays). */
  leave() {
    if (this.host.playing) this.app.commands.pause();
    this.view?.destroy();
    this.view = null;
    this.shown = null;
  }
}

/** Registers the Lessons tab with the page (main.js calls it once). */
export function mountLessons(app) {
  const root = document.getElementById("lessons-scene");
  let lessons = null;
  const isOn = () => app.store.get("mode") === MODE;
  // A link that names a lesson but no view opens the Lessons tab (#lesson=4&scene=2).
  const { given } = decodeHash(location.hash, app.table);
  if (("lesson" in given || "scene" in given) && !("mode" in given)) app.store.set({ mode: MODE });

  // The commands: step ±1 is the next / previous scene, reset rebuilds the scene; play and
  // pause run a scene that trains (its frame() runs once a frame from the page's one loop).
  app.commands.register(MODE, [MODE], {
    play: () => lessons?.view?.play?.() ?? false,
    pause: () => lessons?.view?.pause?.(),
    step: (dir) => lessons?.go(dir) ?? false,
    reset: () => lessons?.reset(),
  });
  app.loop.onFrame(({ now }) => {
    if (app.loop.playingView === MODE && isOn() && lessons?.view?.frame?.(now) === false) app.commands.pause();
  });
  const sync = () => {
    if (isOn()) {
      lessons ??= new Lessons(root, app);
      lessons.render();
    } else lessons?.leave();
  };
  app.store.subscribe((changed) => {
    if (changed.some((f) => f === "mode" || f === "lesson" || f === "scene")) sync();
  });
  app.onFrame.push(sync);
  app.lessons = {
    get scene() {
      return lessons?.current() ?? null;
    },
    get view() {
      return lessons?.view ?? null;
    },
    open: (lesson, scene) => {
      lessons ??= new Lessons(root, app);
      lessons.open(lesson, scene);
    },
  };
}
