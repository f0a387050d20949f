// Boot only: load the wasm core, build the app (app/page.js), mount the panels, start the loop.
// All math happens in Rust (www/pkg/backprop_lab.js); the panels never call each other.

import { openSession } from "./app/session.js";
import { createApp, scriptApi } from "./app/page.js";
import { mountPlayground } from "./playground/mode.js";
import { mountBackprop } from "./backprop/mode.js";
import { mount as mountSurface } from "./surface/panel.js";
import { mountDigits } from "./digits/scene.js";
import { mountLessons } from "./lessons/mode.js";
import { mountSaveLoad, download } from "./app/save-load.js";
import { mountFigures } from "./app/figures.js";
import { mountShareDialog } from "./app/share-dialog.js";
import { takeLinkWeights, applyLinkWeights } from "./app/weights-link.js";

const session = await openSession().catch((e) => {
  const box = document.getElementById("error");
  box.textContent = `⚠ Could not load the WebAssembly core (www/pkg/): ${e.message}. Run \`cargo xtask build\`.`;
  box.hidden = false;
  throw e;
});

const linkWeights = takeLinkWeights(); // a shared link's trained network, off the URL before it is read
const app = createApp({ session });
mountPlayground(app); // first: its views are app.views, which the other tabs draw on
mountBackprop(app);
mountDigits(app);
mountSurface(app);
mountLessons(app);
app.files = mountSaveLoad(app); // Save / Load / Export as PyTorch
app.share = mountShareDialog(app);
app.figures = mountFigures(app, download); // a view as a PNG at slide resolution
app.start();
if (linkWeights !== null) await applyLinkWeights(app, linkWeights);

// The page's script API (docs/JS_API.md): commands and state for scripts, the embed page and tests.
window.backpropLab = scriptApi(app);
