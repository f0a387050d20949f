// The Digits scene's toolbar: play/pause, reset, stop-after-epochs, data set, hyperparameters,
// save / load / pretrained. Builds its DOM; reports changes through hooks; holds no model state.

import { count, decimals } from "../lib/notation.js";

const HIDDEN_ACTIVATIONS = ["sigmoid", "tanh", "relu", "leakyRelu"];

// The trainer's penalty (src/digits/trainer.rs) is Nielsen's weight decay, not the Playground's
// "L2 regularization λ": every step w ← (1 − ηλ/n) w − η ∂C/∂w with n the training set's size,
// which is the Playground's L2 with λ/n, so the two λ differ by a factor n (60,000).
const m = (tag, s) => `<${tag}>${s}</${tag}>`;
const row = (...parts) => m("mrow", parts.join(""));
const [w, eta, lambda, n, arrow, minus] = [m("mi", "w"), m("mi", "η"), m("mi", "λ"), m("mi", "n"), m("mo", "←"), m("mo", "−")];
const dCdw = row(m("mo", "∂"), m("mi", "C"), m("mo", "/"), m("mo", "∂"), w);
const math = (...parts) => `<math>${row(...parts)}</math>`;
const WEIGHT_DECAY_RULE =
  `<span class="caption">Weight decay (Nielsen), every step:</span> ` +
  math(w, arrow, row(m("mo", "("), m("mn", "1"), minus, eta, lambda, m("mo", "/"), n, m("mo", ")")), w, minus, eta, dCdw) +
  `, ${math(n, m("mo", "="), m("mn", "60,000"))} training images (10,000 in the light set); biases are not decayed; ` +
  `C is the mean cost over the mini-batch. In the Playground's terms this is L2 regularization with λ/n: ` +
  math(w, arrow, w, minus, eta, row(m("mo", "("), dCdw, m("mo", "+"), row(m("mo", "("), lambda, m("mo", "/"), n, m("mo", ")")), w, m("mo", ")"))) +
  ` (with the full set, λ = 1 here is λ = 1/60,000 ≈ 0.0000167 there).`;
const WEIGHT_DECAY_HELP =
  "Weight decay (Nielsen): every step w ← (1 − ηλ/n) w − η ∂C/∂w, n = 60,000 training images (10,000 in the light set). " +
  "It is the Playground's L2 regularization with λ/n, so the same λ means a 60,000 times weaker penalty here.";

export class DigitsControls {
  /**
   * @param {HTMLElement} root
   * @param {object} D   digitsDefaults() from the core
   * @param {object} N   names() from the core
   * @param {Array<[string, string]>} sets  the MNIST sets offered, [value, label] (digits-source.js)
   * @param {string} set  the one chosen
   * @param {{ onPlay(), onReset(), onSettings(s), onRebuild(s), onSet(set), onSave(), onLoad(text), onPretrained() }} hooks
   */
  constructor(root, D, N, sets, set, hooks) {
    const options = (list, value) => list.map((v) => `<option value="${v}"${v === value ? " selected" : ""}>${v}</option>`).join("");
    root.innerHTML = `
      <div class="dg-toolbar" role="toolbar" aria-label="Digit training">
        <button type="button" class="round big dg-play" aria-label="Train" title="Train / pause">▶</button>
        <button type="button" class="dg-reset" title="New weights from the seed, epoch 0">Reset</button>
        <div class="counter"><span class="caption">Epoch</span><span class="dg-epoch">0</span><span class="sub dg-seen">0 examples</span></div>
        <label><span>Stop after</span><input class="dg-epochs" type="number" min="0" step="1" value="30" aria-label="Stop after epochs (0 = never)"> <small>epochs</small></label>
        <label><span>Data</span><select class="dg-set" aria-label="MNIST set">
          ${sets.map(([v, label]) => `<option value="${v}"${v === set ? " selected" : ""}>${label}</option>`).join("")}</select></label>
        <label><span>Learning rate <i>η</i></span><input class="dg-eta" type="number" step="any" min="0" value="${D.learningRate}" aria-label="Learning rate"></label>
        <label><span><i>η</i> × per epoch</span><input class="dg-decay" type="number" step="0.01" min="0.01" max="1" value="${D.decay}" aria-label="Learning-rate decay per epoch"></label>
        <label title="${WEIGHT_DECAY_HELP}"><span>Weight decay <i>λ</i> (Nielsen)</span><input class="dg-lambda" type="number" step="any" min="0" value="${D.regularization}" aria-label="Weight decay λ (Nielsen)"></label>
        <label><span>Mini-batch</span><input class="dg-batch" type="number" step="1" min="1" max="1000" value="${D.batchSize}" aria-label="Mini-batch size"></label>
        <label><span>Activation</span><select class="dg-activation" aria-label="Hidden activation">${options(HIDDEN_ACTIVATIONS, D.activation)}</select></label>
        <label><span>Output</span><select class="dg-output" aria-label="Output activation">${options(["sigmoid", "softmax"], D.outputActivation)}</select></label>
        <label><span>Cost <i>C</i></span><select class="dg-cost" aria-label="Cost">${options(N.costs, D.cost)}</select></label>
        <label><span>Init</span><select class="dg-init" aria-label="Init">${options(N.inits, D.init)}</select></label>
        <span class="dg-files">
          <button type="button" class="dg-save" title="Download the network's exact weights as JSON">Save</button>
          <label class="dg-load-label" title="Load weights saved before">Load<input class="dg-load dg-visually-hidden" type="file" accept=".json,application/json" aria-label="Load a saved digit network"></label>
          <button type="button" class="dg-pretrained" title="Weights trained by cargo xtask pretrain">Pretrained</button>
        </span>
      </div>
      <p class="dg-rule" data-rule="weightDecay">${WEIGHT_DECAY_RULE}</p>
      <div class="dg-progress" role="status"><progress class="dg-progress-bar" max="1" value="0"></progress> <span class="dg-progress-text">Loading MNIST…</span></div>`;
    const q = (c) => root.querySelector(c);
    this.el = {
      play: q(".dg-play"), reset: q(".dg-reset"), epoch: q(".dg-epoch"), seen: q(".dg-seen"), epochs: q(".dg-epochs"),
      set: q(".dg-set"), eta: q(".dg-eta"), decay: q(".dg-decay"), lambda: q(".dg-lambda"), batch: q(".dg-batch"),
      activation: q(".dg-activation"), output: q(".dg-output"), cost: q(".dg-cost"), init: q(".dg-init"),
      save: q(".dg-save"), load: q(".dg-load"), pretrained: q(".dg-pretrained"),
      progress: q(".dg-progress"), bar: q(".dg-progress-bar"), text: q(".dg-progress-text"),
    };
    this.D = D;
    const e = this.el;
    e.play.addEventListener("click", () => hooks.onPlay());
    e.reset.addEventListener("click", () => hooks.onReset());
    e.set.addEventListener("change", () => hooks.onSet(e.set.value));
    for (const input of [e.eta, e.decay, e.lambda, e.batch]) input.addEventListener("change", () => this.checked(() => hooks.onSettings(this.trainSettings())));
    for (const select of [e.activation, e.output, e.cost, e.init]) select.addEventListener("change", () => this.checked(() => hooks.onRebuild(this.network())));
    e.save.addEventListener("click", () => hooks.onSave());
    e.load.addEventListener("change", async () => {
      const file = e.load.files[0];
      if (file) hooks.onLoad(await file.text());
      e.load.value = "";
    });
    e.pretrained.addEventListener("click", () => hooks.onPretrained());
  }

  checked(f) {
    try {
      f();
    } catch (err) {
      this.showProgress(null, `⚠ ${err.message}`);
    }
  }

  /** η, its decay, λ and the batch size (the weights are kept when these change). */
  trainSettings() {
    const e = this.el;
    const num = (input, what, ok) => {
      const v = Number(input.value);
      input.classList.toggle("invalid", !(Number.isFinite(v) && ok(v)));
      if (!(Number.isFinite(v) && ok(v))) throw new Error(`${what}: ${input.value} is not allowed`);
      return v;
    };
    return {
      learningRate: num(e.eta, "learning rate η must be > 0", (v) => v > 0),
      decay: num(e.decay, "η's factor per epoch must be in (0, 1]", (v) => v > 0 && v <= 1),
      regularization: num(e.lambda, "the weight decay λ must be ≥ 0", (v) => v >= 0),
      batchSize: num(e.batch, "the mini-batch size must be a whole number 1 to 1000", (v) => Number.isInteger(v) && v >= 1 && v <= 1000),
    };
  }

  /** Show training settings (η, its decay, λ, batch size) that came with a loaded network. */
  showSettings({ learningRate, decay, regularization, batchSize }) {
    const e = this.el;
    const set = (input, v) => {
      if (Number.isFinite(v)) input.value = String(v);
    };
    set(e.eta, learningRate);
    set(e.decay, decay);
    set(e.lambda, regularization);
    set(e.batch, batchSize);
  }

  /** The network configuration for new Network / new Digits. */
  network() {
    const e = this.el;
    return {
      layers: [...this.D.layers], activation: e.activation.value, outputActivation: e.output.value,
      cost: e.cost.value, init: e.init.value, seed: this.D.seed,
    };
  }

  /** Show a loaded network's settings (after Load / Pretrained). */
  showNetwork({ activations, cost }) {
    this.el.activation.value = activations[0];
    this.el.output.value = activations.at(-1);
    this.el.cost.value = cost;
  }

  stopAfter() {
    const v = Number(this.el.epochs.value);
    return Number.isFinite(v) && v > 0 ? v : 0;
  }

  showProgress(fraction, text) {
    this.el.progress.hidden = false;
    if (fraction === null) this.el.bar.removeAttribute("value");
    else this.el.bar.value = fraction;
    this.el.bar.hidden = fraction === null && text.startsWith("⚠");
    this.el.text.textContent = text;
  }

  hideProgress() {
    this.el.progress.hidden = true;
  }

  /** Called every drawn frame: writes only what changed (an unchanged text is not laid out again). */
  render({ playing, ready, epoch, seen, epochs }) {
    const e = this.el;
    setText(e.play, playing ? "❚❚" : "▶");
    setAttr(e.play, "aria-label", playing ? "Pause" : "Train");
    setAttr(e.play, "aria-pressed", String(playing));
    for (const b of [e.play, e.reset, e.save, e.pretrained]) if (b.disabled !== !ready) b.disabled = !ready;
    setText(e.epoch, String(epoch));
    setText(e.seen, `${count(seen)} examples · ${decimals(epochs, 2)} epochs`);
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
