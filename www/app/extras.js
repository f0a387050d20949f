// The extras wasm module (www/pkg/backprop_lab_extras.js): the Digits trainer, save files and
// the PyTorch export. Every page starts with the small main module only (issue 2's size
// target); this one is fetched and compiled the first time something needs it. A network
// reaches it as a main-module Network (read through its toJSON()) or that plain object. The
// page asks for it through its session (session.extras(), app/session.js); the extras handles
// themselves (the Digits trainer, the cost Surface) live in the two workers, not on the page.

import init, * as extrasModule from "../pkg/backprop_lab_extras.js";

let ready = null;

/** The extras module's exports, once its wasm is loaded (loaded once; retried after a failure). */
export function extras() {
  ready ??= init().then(
    () => extrasModule,
    (e) => {
      ready = null;
      throw new Error(`could not load the extras module (www/pkg/backprop_lab_extras_bg.wasm): ${e.message}`);
    },
  );
  return ready;
}
