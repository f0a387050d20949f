// embed.html: the app without the page chrome, for iframes in slides. It takes index.html's
// body as it is (one markup for both pages), keeps <body class="embed"> so style.css shows
// only Play/Pause/Step/Reset, the network and the output, and then runs main.js unchanged.

const loading = document.getElementById("embed-loading");
try {
  const response = await fetch(new URL("../index.html", import.meta.url));
  if (!response.ok) throw new Error(`index.html: HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  document.body.replaceChildren(...page.body.childNodes);
  document.body.classList.add("embed");
  await import("./main.js");
} catch (e) {
  if (loading) loading.textContent = `Could not start Backprop Lab: ${e.message}`;
  throw e;
}
