// A small W3C WebDriver client (the classic HTTP protocol) for Debian's Firefox ESR through
// geckodriver: playwright-core drives only its own Firefox builds, and nothing here may
// download a browser. It speaks only what the Firefox smoke suite needs — a session, navigation,
// scripts (a returned promise is awaited, as the spec says), element clicks, keys, the window
// size and screenshots — and every WebDriver error becomes a JS Error with its message.

import { spawn } from "node:child_process";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";

/** Where Firefox ESR and geckodriver are, or null with the reason. */
export function findFirefox() {
  const firefox = process.env.FIREFOX || ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((f) => fs.existsSync(f));
  const dirs = [...(process.env.PATH || "").split(path.delimiter), path.join(process.env.HOME || "/root", ".cargo/bin")];
  const geckodriver = process.env.GECKODRIVER || dirs.map((d) => path.join(d, "geckodriver")).find((f) => fs.existsSync(f));
  if (!firefox) return { missing: "Firefox ESR (apt-get install firefox-esr)" };
  if (!geckodriver) return { missing: "geckodriver (cargo install geckodriver --locked)" };
  return { firefox, geckodriver };
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Start geckodriver and a headless Firefox session of `width × height`. */
export async function startFirefox({ width = 1280, height = 800 } = {}) {
  const found = findFirefox();
  if (found.missing) throw new Error(`the Firefox suite needs ${found.missing}`);
  const port = await freePort();
  const driver = spawn(found.geckodriver, ["--port", String(port), "--host", "127.0.0.1"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  driver.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, url, body) => {
    const res = await fetch(base + url, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`WebDriver ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    try {
      await call("GET", "/status");
      break;
    } catch (e) {
      if (i > 100) throw new Error(`geckodriver did not start: ${e.message}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const session = await call("POST", "/session", {
    capabilities: {
      alwaysMatch: {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: found.firefox,
          args: ["-headless", `--width=${width}`, `--height=${height}`],
          // No network beyond the test server: no updates, telemetry or first-run pages.
          prefs: { "app.update.disabledForTesting": true, "datareporting.policy.dataSubmissionEnabled": false, "browser.shell.checkDefaultBrowser": false, "toolkit.telemetry.enabled": false },
        },
        "moz:debuggerAddress": false,
        pageLoadStrategy: "normal",
        timeouts: { script: 60000, pageLoad: 60000 },
      },
    },
  });
  const id = session.sessionId;
  const s = (url) => `/session/${id}${url}`;
  const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  const browser = {
    version: session.capabilities.browserVersion,
    /** Load a URL and wait for its load event. */
    goto: (url) => call("POST", s("/url"), { url }),
    /** Run `fn(...args)` in the page (or in the frame selected last); its promise is awaited. */
    evaluate: (fn, ...args) => call("POST", s("/execute/sync"), { script: `return (${fn}).apply(null, arguments);`, args }),
    /** Run a script body (it may `return`; a returned promise is awaited). */
    script: (body, ...args) => call("POST", s("/execute/sync"), { script: body, args }),
    /** Poll `fn(...args)` until it returns something truthy (returned), or fail after `timeout` ms. */
    async waitFor(fn, args = [], timeout = 30000, what = String(fn)) {
      const until = Date.now() + timeout;
      for (;;) {
        const v = await browser.evaluate(fn, ...args);
        if (v) return v;
        if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** A real click (WebDriver scrolls the element into view and refuses one that is covered). */
    async click(css) {
      const el = await call("POST", s("/element"), { using: "css selector", value: css });
      await call("POST", s(`/element/${el[ELEMENT]}/click`), {});
    },
    /** Press keys (WebDriver's key values: " ", "\uE014" for →) with the page's focus as it is. */
    press: (...keys) =>
      call("POST", s("/actions"), { actions: [{ type: "key", id: "keyboard", actions: keys.flatMap((k) => [{ type: "keyDown", value: k }, { type: "keyUp", value: k }]) }] }),
    setSize: (w, h) => call("POST", s("/window/rect"), { width: w, height: h }),
    /** A PNG of the viewport, as a Buffer. */
    screenshot: async () => Buffer.from(await call("GET", s("/screenshot")), "base64"),
    async close() {
      try {
        await call("DELETE", s(""));
      } finally {
        driver.kill();
      }
    },
  };
  return browser;
}
