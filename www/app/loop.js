// The page's one animation loop: the only requestAnimationFrame in www/ (as the game of life's
// in the Rust-and-WebAssembly book). It owns the frame state — what is playing, whether the
// playground's pictures must be re-evaluated (needEval) and whether anything must be redrawn
// (dirty) — and calls the tasks the panels register with onFrame, in order, once per frame.
// Nothing here knows a view: app/commands.js routes play / pause / step to the active one.

const FRAME_HISTORY = 600; // main-thread times kept for `cargo xtask bench` (xtask/bench/frames.mjs)

export class Loop {
  /** @param {(cb: (now: number) => void) => number} [schedule] requestAnimationFrame (a fake in node tests) */
  constructor(schedule = (cb) => requestAnimationFrame(cb)) {
    this.schedule = schedule;
    this.playingView = null; // the view whose play runs ("playground", "backprop", "digits"), or null
    this.needEval = true; // the playground's grid and metrics must be recomputed
    this.dirty = true; // something must be redrawn in the next frame
    this.tasks = []; // (frame) => void, every frame
    this.queued = []; // (now) => void, once, at the start of the next frame
    this.playListeners = []; // (playingView) after play() / pause() changed it
    this.frameWork = []; // main-thread ms of the last frames' work
    this.frameCount = 0; // frames run since start()
    this.running = false;
    this.tick = this.tick.bind(this);
  }

  get isPlaying() {
    return this.playingView !== null;
  }

  /** Mark `view` as playing (the command surface has started it). */
  play(view) {
    if (typeof view !== "string" || !view) throw new Error(`loop.play needs the name of the view that plays, not ${JSON.stringify(view)}`);
    if (this.playingView === view) return;
    this.playingView = view;
    this.changed();
  }

  /** Nothing plays any more (the command surface has stopped it, or it stopped on its own). */
  pause() {
    if (this.playingView === null) return;
    this.playingView = null;
    this.changed();
  }

  changed() {
    this.dirty = true;
    for (const f of this.playListeners) f(this.playingView);
  }

  /** Parameters changed outside training: re-evaluate the playground and redraw. */
  invalidate() {
    this.needEval = this.dirty = true;
  }

  redraw() {
    this.dirty = true;
  }

  /** Register a task for every frame: f({ now, dirty }) — dirty says a redraw was asked for. */
  onFrame(f) {
    this.tasks.push(f);
  }

  /** Run f once at the start of the next frame (after what is being drawn now). */
  nextFrame(f) {
    this.queued.push(f);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.schedule(this.tick);
  }

  tick(now) {
    this.schedule(this.tick);
    this.frameCount++;
    const t0 = performance.now();
    for (const f of this.queued.splice(0)) f(now);
    // A redraw asked for while this frame draws (an animation's next step) is the next frame's.
    const frame = { now, dirty: this.dirty };
    this.dirty = false;
    for (const f of this.tasks) f(frame);
    this.frameWork.push(performance.now() - t0);
    if (this.frameWork.length > FRAME_HISTORY) this.frameWork.splice(0, FRAME_HISTORY / 2);
  }
}
