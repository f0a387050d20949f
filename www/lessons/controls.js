// Small form controls the lesson scenes share: a labelled slider with its value beside it.

import { esc } from "../lib/backprop-math.js";
import { fmtNum } from "../lib/notation.js";

/**
 * A labelled range input. `label` is text (a symbol such as w⁽¹⁾); `onInput(value)` runs on
 * every move. Returns { input, show(v) }: the number beside the slider is the one the scene
 * shows with show(), the value the core holds (a slider snaps to its step; the core keeps f32).
 */
export function slider(parent, { label, name, min, max, step, value, onInput }) {
  const row = document.createElement("label");
  row.className = "ls-slider";
  row.innerHTML = `<span class="ls-label">${label}</span><input type="range" min="${min}" max="${max}" step="${step}" data-name="${esc(name)}"><output></output>`;
  const input = row.querySelector("input");
  const out = row.querySelector("output");
  input.setAttribute("aria-label", row.querySelector(".ls-label").textContent);
  const show = (v) => {
    out.textContent = fmtNum(v, 4);
  };
  input.value = String(value);
  show(value);
  input.addEventListener("input", () => onInput(Number(input.value)));
  parent.append(row);
  return { input, show };
}

/** A labelled select of `options` ([value, text] pairs). */
export function choice(parent, { label, name, options, value, onChange }) {
  const row = document.createElement("label");
  row.className = "ls-choice";
  row.innerHTML = `<span class="ls-label">${label}</span><select data-name="${esc(name)}">${options
    .map(([v, t]) => `<option value="${esc(v)}">${esc(t)}</option>`)
    .join("")}</select>`;
  const select = row.querySelector("select");
  select.value = String(value);
  select.addEventListener("change", () => onChange(select.value));
  parent.append(row);
  return select;
}
