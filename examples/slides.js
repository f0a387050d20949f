// The example deck's own script: ← / → (and the buttons) change slides, as reveal.js does. The
// deck only sees a key when the focus is on the deck itself: while a <backprop-lab> has focus
// its keys go to the lab (→ steps, Space plays, R resets) and Esc hands them back.

const slides = [...document.querySelectorAll(".slide")];
let current = 0;

function show(i) {
  current = Math.max(0, Math.min(slides.length - 1, i));
  slides.forEach((s, k) => (s.hidden = k !== current));
  document.getElementById("slide-number").textContent = `${current + 1} / ${slides.length}`;
  // Leaving a slide pauses its scene, so hidden slides do not keep training.
  for (const lab of document.querySelectorAll("backprop-lab")) if (!slides[current].contains(lab)) lab.pause();
}

document.getElementById("prev").addEventListener("click", () => show(current - 1));
document.getElementById("next").addEventListener("click", () => show(current + 1));
document.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || e.target instanceof HTMLSelectElement) return;
  if (e.key === "ArrowRight" || e.key === "PageDown") show(current + 1);
  else if (e.key === "ArrowLeft" || e.key === "PageUp") show(current - 1);
  else return;
  e.preventDefault();
});

// A slide author's script: the element's JS API and its events.
const lab = document.getElementById("lab-forward");
const log = document.getElementById("forward-log");
document.getElementById("forward-step").addEventListener("click", () => lab.step());
document.getElementById("forward-play").addEventListener("click", () => lab.play());
document.getElementById("forward-pause").addEventListener("click", () => lab.pause());
document.getElementById("forward-dataset").addEventListener("change", (e) => lab.setAttribute("dataset", e.target.value));
lab.addEventListener("step", (e) => (log.textContent = `iteration ${e.detail.iterations} · epoch ${e.detail.epoch}`));
lab.addEventListener("epoch", (e) => (log.textContent = `epoch ${e.detail.epoch} · train cost ${e.detail.trainLoss.toFixed(3)}`));
lab.ready.then(() => {
  // el.network is the JS API's Network handle of the embedded page.
  const sizes = Array.from(lab.network.layerSizes()).join("-");
  lab.closest(".slide").querySelector("h1").title = `network ${sizes}`;
});

show(0);
