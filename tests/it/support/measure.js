// Opens XHTML documents in headless Chromium at phone and tablet widths and reports
// what a reader would meet: horizontal overflow and text smaller than the reader's
// base size (notes, sub- and superscripts excepted).
//
// usage: node measure.js FILE.xhtml...   (puppeteer-core on NODE_PATH,
//        Chromium at $PUPPETEER_EXECUTABLE_PATH or /usr/bin/chromium)
// prints one line per document and viewport: `OK w file` or `FAIL w file: reason`.
const puppeteer = require('puppeteer-core');

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 768, height: 1024 },
];

function measure() {
  const base = parseFloat(getComputedStyle(document.documentElement).fontSize);
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    // Name the widest element to say what overflows.
    let widest = null;
    let right = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right) {
        right = r;
        widest = el;
      }
    }
    const what = widest
      ? `<${widest.localName}> "${(widest.textContent || '').trim().slice(0, 60)}"`
      : '';
    problems.push(`scrollWidth ${root.scrollWidth} > ${window.innerWidth}: ${what}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('aside, sup, sub, .footnotes, [hidden]')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < base - 0.01) small.add(`<${el.localName}${el.className ? '.' + el.className : ''}> ${size}px`);
  }
  for (const s of small) problems.push(`text smaller than ${base}px: ${s}`);
  return problems;
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    for (const file of process.argv.slice(2)) {
      for (const vp of VIEWPORTS) {
        await page.setViewport(vp);
        await page.goto('file://' + file, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        const problems = await page.evaluate(measure);
        if (problems.length === 0) {
          console.log(`OK ${vp.width} ${file}`);
        } else {
          for (const p of problems) console.log(`FAIL ${vp.width} ${file}: ${p}`);
        }
        if (process.env.SCREENSHOT_DIR && vp.width === 360) {
          const name = file.split('/').slice(-3).join('_').replace(/[^A-Za-z0-9._-]/g, '_');
          await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png` });
        }
      }
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log(`ERROR ${e}`);
  process.exit(1);
});
