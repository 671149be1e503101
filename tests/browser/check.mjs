// Real-browser checks of lidex's HTML report, in Debian's Chromium through playwright-core
// (which never downloads a browser here: it is given /usr/bin/chromium).
//
//   node check.mjs --hostile HOSTILE.html --sample SAMPLE.html [--screenshot OUT.png]
//
// On the hostile report: no injected script ran (the canary global stays unset, the title
// and the DOM are what the page itself builds) and no request was made (every request
// event is logged: only the file itself may appear). On the sample report: no CSP
// violation (so the page's own style and script hashes are right), axe-core finds no
// serious or critical violation, every section shows with JavaScript off, and a
// screenshot is taken. Exits 1 with the reasons when a check fails.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TITLE = "What LinkedIn may use of your data: lidex report";
const SECTIONS = ["headline", "by-category", "timeline", "activity", "categories", "sensitive", "posts",
  "actions", "microsoft", "read", "problems"];
// The browser's own background traffic would look like the page's requests without these.
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function options() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  if (!out.hostile || !out.sample) {
    console.error("usage: node check.mjs --hostile H.html --sample S.html [--screenshot OUT.png]");
    process.exit(2);
  }
  return out;
}

const START = Date.now();
const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"}: ${what} [${((Date.now() - START) / 1000).toFixed(1)} s]`);
  if (!ok) failures.push(what);
}

// One browser, started on a fresh profile: Playwright's launch() always creates a new
// temporary --user-data-dir (and deletes it on close); each page then gets a context of
// its own, so nothing (storage, cache) carries over between checks.
let browser = null;
async function open(file, contextOptions = {}) {
  if (!browser) {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ARGS });
  }
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 }, ...contextOptions });
  const page = await context.newPage();
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const url = pathToFileURL(resolve(file)).href;
  await page.goto(url, { waitUntil: "load" });
  // Anything deferred (timers, lazy loads) gets a moment to show itself.
  await page.waitForTimeout(300);
  const close = () => context.close();
  return { page, requests, url, close };
}

// The page's elements in order, leaving out what lidex's own script adds (the filter
// boxes and the sort buttons), so a page with scripts off and on can be compared.
async function fingerprint(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("*")) {
      if (el.closest(".filter") || (el.tagName === "BUTTON" && el.parentElement.tagName === "TH")) continue;
      const attrs = [...el.attributes].map((a) => a.name)
        .filter((n) => n !== "aria-sort" && !(el === document.documentElement && n === "class"));
      out.push(`${el.tagName}[${attrs.join(",")}]`);
    }
    return out.join("\n");
  });
}

async function hostile(file) {
  const off = await open(file, { javaScriptEnabled: false });
  const before = await fingerprint(off.page);
  await off.close();
  const on = await open(file);
  const { page, requests, url } = on;
  const state = await page.evaluate(() => ({
    canary: typeof window.__lidexPwned,
    title: document.title,
    scripts: document.scripts.length,
    violations: window.__violations,
    ownScriptRan: document.documentElement.classList.contains("js"),
  }));
  check(state.canary === "undefined", "hostile: no injected script ran (canary unset)");
  check(state.title === TITLE, `hostile: the title is unchanged (${JSON.stringify(state.title)})`);
  check(state.scripts === 1, `hostile: one script element, lidex's own (${state.scripts})`);
  check(state.ownScriptRan, "hostile: lidex's own script ran (its CSP hash is right)");
  check(state.violations.length === 0, `hostile: no CSP violation (${state.violations.join("; ")})`);
  const after = await fingerprint(page);
  check(after === before, "hostile: the DOM is the one the page builds, with scripts on and off");
  check(requests.length === 1 && requests[0] === url,
    `hostile: no request but the file itself (${JSON.stringify(requests)})`);
  await on.close();
}

async function sample(file, screenshot) {
  const on = await open(file);
  const { page, requests, url } = on;
  const state = await page.evaluate(() => ({
    violations: window.__violations,
    styled: getComputedStyle(document.body).maxWidth !== "none",
    ownScriptRan: document.documentElement.classList.contains("js"),
  }));
  check(state.violations.length === 0, `sample: no CSP violation (${state.violations.join("; ")})`);
  check(state.styled, "sample: the inline style applied (its CSP hash is right)");
  check(state.ownScriptRan, "sample: the inline script ran (its CSP hash is right)");
  check(requests.length === 1 && requests[0] === url,
    `sample: no request but the file itself (${JSON.stringify(requests)})`);
  // Checkbox state survives a reload where storage is allowed.
  const box = page.locator("input[data-key]").first();
  if ((await box.count()) > 0) {
    await box.check();
    await page.reload({ waitUntil: "load" });
    check(await page.locator("input[data-key]").first().isChecked(), "sample: a ticked step stays ticked after a reload");
  }
  // So does a post's in the posts-to-review checklist.
  const post = page.locator('input[data-key^="post:"]').first();
  check((await post.count()) > 0, "sample: the posts to review have checkboxes");
  if ((await post.count()) > 0) {
    await post.check();
    await page.reload({ waitUntil: "load" });
    check(await page.locator('input[data-key^="post:"]').first().isChecked(), "sample: a ticked post stays ticked after a reload");
  }
  if (screenshot) {
    await page.evaluate(() => localStorage.clear());
    // A fresh navigation, not a reload: a reload restores the scroll position the ticks
    // above left, and the screenshot is of the top of the page.
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log(`screenshot: ${screenshot}`);
  }
  await on.close();

  // axe-core is injected through the DevTools protocol, past the page's CSP (which would
  // rightly refuse it as an inline script).
  const ax = await open(file, { bypassCSP: true });
  await ax.page.evaluate(AXE);
  const result = await ax.page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of result.violations) {
    console.log(`axe ${v.impact}: ${v.id} (${v.nodes.length}) ${v.help}`);
  }
  check(serious.length === 0, `sample: axe-core finds no serious or critical violation (${serious.map((v) => v.id).join(", ")})`);
  await ax.close();

  // With JavaScript off every section is there and shows.
  const off = await open(file, { javaScriptEnabled: false });
  for (const id of SECTIONS) {
    const shown = await off.page.evaluate((id) => {
      const el = document.getElementById(id);
      return !!el && el.getBoundingClientRect().height > 0 && el.innerText.trim().length > 0;
    }, id);
    check(shown, `sample, scripts off: section #${id} shows`);
  }
  await off.close();
}

const opts = options();
await hostile(opts.hostile);
await sample(opts.sample, opts.screenshot);
await browser.close();
if (failures.length > 0) {
  console.error(`${failures.length} browser check(s) failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log("all browser checks passed");
