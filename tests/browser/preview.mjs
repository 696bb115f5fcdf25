// Drives the live preview in headless Chromium as a writer would: open the page, change a
// word in a chapter, see it in the print pages and the EPUB pane; break the manuscript, see
// the problem; fix it, see it go. Prints one JSON object of what it saw.
//
//   node preview.mjs URL CHAPTER_FILE SCREENSHOT.png
//
// puppeteer comes with Ace's install (.ci/tools/node_modules); NODE_PATH points there.
import { createRequire } from "node:module";
import fs from "node:fs";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer");
const [url, chapter, screenshot] = process.argv.slice(2);
const seen = {};
const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"],
});
const within = 60000;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(url);
  const status = () => page.evaluate(() => fetch("/state").then((r) => r.json()));
  // The pages are shown and painted.
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll("#pages .page img")];
    return imgs.some((i) => i.complete && i.naturalWidth > 0);
  }, { timeout: within });
  const epubText = () => page.evaluate(() => {
    const d = document.getElementById("epub").contentDocument;
    return d && d.body ? d.body.textContent : "";
  });
  await page.waitForFunction(() => {
    const d = document.getElementById("epub").contentDocument;
    return d && d.body && d.body.textContent.length > 0;
  }, { timeout: within });
  const before = await status();
  seen.pages = before.pages.length;
  const srcs = () => page.evaluate(() =>
    [...document.querySelectorAll("#pages .page img")].map((i) => i.getAttribute("src")));
  const srcsBefore = await srcs();
  await page.screenshot({ path: screenshot });
  // What each page's picture looks like now, small, kept in the page under `name`:
  // to see later which changed.
  const pixels = (name) => page.evaluate(async (name) => {
    const out = [];
    for (const img of document.querySelectorAll("#pages .page img")) {
      // Fetched, not loaded by URL: an off-screen page's image is lazy, and a second
      // image of its URL would wait for it.
      const shown = new Image();
      try {
        const blob = await fetch(img.getAttribute("src")).then((r) => r.blob());
        shown.src = URL.createObjectURL(blob);
        await shown.decode();
      } catch (e) { out.push(null); continue; }
      const c = document.createElement("canvas");
      c.width = 200; c.height = Math.round(200 * shown.naturalHeight / shown.naturalWidth);
      const g = c.getContext("2d");
      g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
      g.drawImage(shown, 0, 0, c.width, c.height);
      out.push(g.getImageData(0, 0, c.width, c.height).data);
    }
    window[name] = out;
    return out.filter((p) => p).length;
  }, name);
  seen.pagesDrawn = await pixels("pixelsBefore");

  // A click on a print line shows where that line is in the manuscript.
  seen.printSource = await page.evaluate(async () => {
    const s = await fetch("/state").then((r) => r.json());
    for (let i = 0; i < s.pages.length; i++) {
      const lines = await fetch(`/lines/${s.pages[i]}.json`).then((r) => r.json());
      if (lines.length < 3) continue;
      const cell = document.querySelectorAll("#pages .page")[i];
      cell.scrollIntoView();
      const box = cell.getBoundingClientRect();
      const y = box.top + (lines[2][0] + lines[2][1]) / 2 / s.trim[1] * cell.clientHeight;
      cell.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: box.left + box.width / 2, clientY: y }));
      await new Promise((r) => setTimeout(r, 500));
      return { shown: document.getElementById("source").textContent, expected: lines[2][2] };
    }
    return null;
  });
  // And a click on an EPUB paragraph.
  const frame = await (await page.$("#epub")).contentFrame();
  await frame.click("p:not(.noindent)");
  await page.waitForFunction(() => document.getElementById("source").textContent.includes(".md:"),
    { timeout: within });
  seen.epubSource = await page.evaluate(() => document.getElementById("source").textContent);

  // One word changed.
  const text = fs.readFileSync(chapter, "utf8");
  const word = "treatise";
  const select = await page.evaluate(() => document.getElementById("doc").value);
  seen.epubDoc = select;
  seen.wordBefore = (await epubText()).includes(word);
  fs.writeFileSync(chapter, text.replace(/\bpamphlet\b/, word));
  await page.waitForFunction(async (v) => {
    const s = await fetch("/state").then((r) => r.json());
    return s.version > v && !s.building;
  }, { timeout: within }, before.version);
  await page.waitForFunction((w) => {
    const d = document.getElementById("epub").contentDocument;
    return d && d.body && d.body.textContent.includes(w);
  }, { timeout: within }, word);
  seen.wordInEpub = (await epubText()).includes(word);
  const after = await status();
  seen.changedPages = after.pages.filter((k, i) => k !== before.pages[i]).length;
  // The page swaps the images of the changed pages (and only those).
  await page.waitForFunction((before, n) => {
    const now = [...document.querySelectorAll("#pages .page img")].map((i) => i.getAttribute("src"));
    return now.filter((s, i) => s !== before[i]).length >= n;
  }, { timeout: within }, srcsBefore, seen.changedPages);
  const srcsAfter = await srcs();
  seen.reloadedImages = srcsAfter.filter((s, i) => s !== srcsBefore[i]).length;
  // The changed page now shows the word: its picture differs, and the server's page
  // for it is new, an SVG document that parses.
  const changedKeys = after.pages.filter((k, i) => k !== before.pages[i]);
  const served = await page.evaluate(async (key) => {
    const r = await fetch(`/print/${key}.svg`);
    const text = await r.text();
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return { status: r.status, type: r.headers.get("content-type"),
      parsed: !doc.querySelector("parsererror") && doc.documentElement.localName === "svg",
      glyphs: doc.querySelectorAll("defs path").length, uses: doc.querySelectorAll("use").length };
  }, changedKeys[0]);
  seen.changedPageServed = served.status;
  seen.changedPageSvg = served;
  await pixels("pixelsAfter");
  seen.pixelsChanged = await page.evaluate(() => window.pixelsAfter.map((a, i) => {
    const b = window.pixelsBefore[i];
    if (!a || !b || a.length !== b.length) return null;
    let n = 0;
    for (let j = 0; j < a.length; j += 4) if (Math.abs(a[j] - b[j]) > 64) n++;
    return n;
  }));
  seen.changedIndices = after.pages.map((k, i) => k !== before.pages[i] ? i : -1).filter((i) => i >= 0);

  // A bad edit: a citation of a work that does not exist.
  fs.writeFileSync(chapter, text + "\nA claim [@no-such-work-anywhere].\n");
  await page.waitForFunction(() => [...document.querySelectorAll("#problems li.error")]
    .some((li) => li.textContent.includes("no-such-work-anywhere")), { timeout: within });
  seen.problem = await page.evaluate(() => document.querySelector("#problems li.error").textContent);
  seen.pagesKeptOnError = await page.evaluate(() => document.querySelectorAll("#pages .page img").length);
  // Fixed: the problem goes.
  fs.writeFileSync(chapter, text);
  await page.waitForFunction(() => document.querySelectorAll("#problems li").length === 0 &&
    !document.getElementById("status").className, { timeout: within });
  seen.problemsAfterFix = await page.evaluate(() => document.querySelectorAll("#problems li").length);
} catch (e) {
  seen.error = String(e);
  try {
    const page = (await browser.pages()).pop();
    await page.screenshot({ path: screenshot.replace(/\.png$/, "-error.png") });
    seen.statusText = await page.evaluate(() => document.getElementById("status").textContent);
    seen.images = await page.evaluate(() => [...document.querySelectorAll("#pages .page img")]
      .slice(0, 4).map((i) => [i.getAttribute("src"), i.complete, i.naturalWidth]));
  } catch (e2) {}
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
