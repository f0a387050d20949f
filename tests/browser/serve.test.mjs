// `cargo xtask serve`, the README's command, as its users meet it: started fresh again and
// again, the page loads in Chromium every time (the old one-thread server left a module request
// unanswered in about 1 start of 7); and as a server: it answers only its own Host, serves only
// the site (no .git, Cargo.lock, target/, node_modules/, no symlink out of it), only GET and
// HEAD, sends nosniff and the CSP, refuses malformed requests with 400/414/431 and keeps
// serving, and a client that never reads or never finishes its request blocks no other client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import http from "node:http";
import path from "node:path";
import { spawn, execFileSync } from "node:child_process";
import { ROOT, launch } from "./harness.mjs";

const XTASK = path.join(ROOT, "target", "debug", process.platform === "win32" ? "xtask.exe" : "xtask");
const SITE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'";

let browser;
before(async () => {
  // The binary `cargo xtask` runs (the alias is `cargo run --package xtask`), built once here.
  execFileSync("cargo", ["build", "--quiet", "--package", "xtask"], { cwd: ROOT, stdio: "inherit" });
  browser = await launch();
});
after(async () => browser && browser.close());

/** Starts `xtask serve --port 0 --no-build`; resolves when it prints its address. */
function startServer() {
  const child = spawn(XTASK, ["serve", "--port", "0", "--no-build"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`serve printed no address in 10 s: ${out}`)); }, 10000);
    const onData = (d) => {
      out += d;
      const m = out.match(/served on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({
          port,
          url: `http://127.0.0.1:${port}/`,
          child,
          stop: () => new Promise((r) => { if (child.exitCode !== null) return r(); child.once("exit", r); child.kill("SIGKILL"); }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}): ${out}`)); });
  });
}

/**
 * Sends `bytes` on a fresh connection and collects what comes back until the server closes it
 * (or `ms` pass). Resolves to { status, headers, body, raw, closed }.
 */
function raw(port, bytes, ms = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      const head = (split < 0 ? all : all.subarray(0, split)).toString("latin1").split("\r\n");
      const status = Number((head[0].match(/^HTTP\/1\.1 (\d{3}) /) || [])[1]);
      const headers = Object.fromEntries(head.slice(1).map((l) => l.split(/:\s*/, 2)).map(([k, v]) => [k.toLowerCase(), v]));
      resolve({ status, headers, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4), raw: all.toString("latin1"), closed });
    };
    const timer = setTimeout(finish, ms);
    socket.on("data", (d) => chunks.push(d));
    socket.on("end", () => { closed = true; finish(); });
    socket.on("error", (e) => (chunks.length ? finish() : reject(e)));
    socket.on("connect", () => socket.write(bytes));
  });
}

const get = (port, target, host = `127.0.0.1:${port}`, extra = "") =>
  raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);

test("the README's command, started fresh 10 times, serves a page that finishes loading in 5 s every time", async () => {
  for (let run = 0; run < 10; run++) {
    const server = await startServer();
    const context = await browser.newContext();
    try {
      // The Node client of the report: 6 keep-alive connections at once right after the start,
      // each kept open; the 7th request must still be answered.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
      const fetchOne = (target, options = { agent }) => new Promise((resolve, reject) => {
        const req = http.get(`${server.url}${target}`, { ...options, timeout: 5000 }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode));
        });
        req.on("timeout", () => req.destroy(new Error(`start ${run}: ${target} not answered in 5 s`)));
        req.on("error", reject);
      });
      const modules = ["www/main.js", "www/app/store.js", "www/lib/hash.js", "www/lib/canvas.js", "www/lib/colors.js", "www/playground/controls.js"];
      assert.deepEqual(await Promise.all(modules.map((m) => fetchOne(m))), modules.map(() => 200), `start ${run}: six at once`);
      assert.equal(await fetchOne("www/style.css", { agent: false }), 200, `start ${run}: a seventh beside six idle keep-alive connections`);
      agent.destroy();
      const page = await context.newPage();
      const problems = [];
      page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("response", (r) => r.status() >= 400 && problems.push(`http ${r.status()}: ${r.url()}`));
      const response = await page.goto(`${server.url}index.html`, { waitUntil: "load", timeout: 5000 });
      await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 5000 });
      assert.equal(response.headers()["content-security-policy"], SITE_CSP, `start ${run}: the CSP header`);
      assert.deepEqual(problems, [], `start ${run}: the page loaded cleanly`);
    } finally {
      await context.close();
      await server.stop();
    }
  }
});

test("the server answers only its own Host, only GET/HEAD, only the site's files, and survives malformed and slow clients", async () => {
  const server = await startServer();
  const { port } = server;
  const link = path.join(ROOT, "www", `serve-test-link-${process.pid}.txt`);
  try {
    // The site, with its headers.
    const index = await get(port, "/");
    assert.equal(index.status, 200);
    assert.equal(index.headers["x-content-type-options"], "nosniff");
    assert.equal(index.headers["content-security-policy"], SITE_CSP);
    assert.equal(index.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(Number(index.headers["content-length"]), fs.statSync(path.join(ROOT, "index.html")).size);
    assert.equal(index.body.toString(), fs.readFileSync(path.join(ROOT, "index.html"), "utf8"));
    const wasm = await get(port, "/www/pkg/backprop_lab_bg.wasm");
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers["content-type"], "application/wasm");
    assert.equal((await get(port, `/localhost/../index.html`)).status, 404, "no climbing");
    assert.equal((await get(port, "/index.html", `localhost:${port}`)).status, 200, "localhost:PORT is this server");

    // Host: another name (DNS rebinding), another port, none at all.
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, "127.0.0.1", `localhost.evil.example:${port}`]) {
      const r = await get(port, "/index.html", host);
      assert.equal(r.status, 403, `Host: ${host}`);
      assert.doesNotMatch(r.raw, /Backprop Lab<\/title>/);
    }
    const noHost = await raw(port, "GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert.equal(noHost.status, 403, "no Host");

    // Only the site: not the checkout.
    for (const target of ["/.git/config", "/.git/HEAD", "/Cargo.lock", "/Cargo.toml", "/target/debug/xtask", "/node_modules/.package-lock.json",
      "/xtask/src/serve.rs", "/tests/browser/harness.mjs", "/www/lib/hash.test.js", "/%2e%2e/etc/passwd", "/www/%2e%2e/Cargo.lock"]) {
      assert.equal((await get(port, target)).status, 404, target);
    }
    // A symlink inside www/ that points out of the root.
    fs.symlinkSync("/etc/passwd", link);
    const escaped = await get(port, `/www/${path.basename(link)}`);
    assert.equal(escaped.status, 404, "a symlink out of the root is not followed");
    assert.doesNotMatch(escaped.raw, /root:/);

    // Methods.
    for (const method of ["PUT", "DELETE", "TRACE", "POST", "OPTIONS", "PATCH"]) {
      const body = method === "PUT" || method === "POST" ? "hello" : "";
      const r = await raw(port, `${method} /index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, "GET, HEAD", method);
      assert.doesNotMatch(r.raw, /<html/, `${method} gets no file`);
    }
    const head = await raw(port, `HEAD /index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers["content-length"]), fs.statSync(path.join(ROOT, "index.html")).size);
    assert.equal(head.body.length, 0, "HEAD gets the headers only");
    assert.equal(head.closed, true);

    // Malformed and oversized requests: refused, and the server keeps serving.
    const malformed = [
      ["\x00\x01\x02 garbage\r\n\r\n", 400],
      [`GET /index.html\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 400],
      [`GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nbroken header\r\n\r\n`, 400],
      [`GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 400],
      [`GET /%zz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 400],
      [`GET http://127.0.0.1:${port}/index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 400],
      [`GET /${"a".repeat(10000)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 414],
      [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${"b".repeat(20000)}\r\n\r\n`, 431],
      [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${"X-Many: 1\r\n".repeat(200)}\r\n`, 431],
      [`GET / HTTP/3.0\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 505],
    ];
    for (const [request, status] of malformed) {
      const r = await raw(port, request);
      assert.equal(r.status, status, JSON.stringify(request.slice(0, 60)));
      assert.equal(r.closed, true, "the connection is closed after a refused request");
    }
    assert.equal((await get(port, "/index.html")).status, 200, "still serving after the malformed requests");

    // Slow clients: one never reads a 10 MB response, one never finishes its head, one sends
    // nothing; meanwhile other clients are answered at once.
    const stuck = [];
    const big = fs.existsSync(path.join(ROOT, "www/data/full/train-images.idx.gz")) ? "/www/data/full/train-images.idx.gz" : "/www/pkg/backprop_lab_extras_bg.wasm";
    for (let i = 0; i < 3; i++) {
      const s = net.connect(port, "127.0.0.1");
      s.on("error", () => {});
      await new Promise((r) => s.on("connect", r));
      s.pause(); // never reads
      s.write(`GET ${big} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      stuck.push(s);
    }
    for (const partial of [`GET /index.html HTTP/1.1\r\nHost: 127.0`, "G", ""]) {
      const s = net.connect(port, "127.0.0.1");
      s.on("error", () => {});
      await new Promise((r) => s.on("connect", r));
      if (partial) s.write(partial);
      stuck.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
    try {
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const r = await get(port, `/www/main.js?${i}`);
        assert.equal(r.status, 200, "another client is served while the slow ones hang");
        assert.ok(Date.now() - t0 < 2000, `answered while the slow clients hang (${Date.now() - t0} ms)`);
      }
    } finally {
      for (const s of stuck) s.destroy();
    }
    assert.equal(server.child.exitCode, null, "the server is still running");
  } finally {
    fs.rmSync(link, { force: true });
    await server.stop();
  }
});
