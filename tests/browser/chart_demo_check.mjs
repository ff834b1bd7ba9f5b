// chart_demo_check: the demo page of the charts (build/chart-demo.html,
// written by build/tests/test_chart) in chromium: axe-core finds no
// violations, the Tab key reaches the links of the map's areas, and the
// focused area is one of the map's <a> elements.  Not part of the suite
// (the page is a fixture of the unit test); run it by hand:
//   node tests/browser/chart_demo_check.mjs build/chart-demo.html
// SPDX-License-Identifier: EUPL-1.2
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { LAUNCH, AXE_PATH } from './lib.mjs';

const file = path.resolve(process.argv[2] || 'build/chart-demo.html');
const browser = await chromium.launch(LAUNCH);
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto('file://' + file);
await page.addScriptTag({ content: fs.readFileSync(AXE_PATH, 'utf8') });
const axe = await page.evaluate(async () => {
  const r = await window.axe.run(document, { resultTypes: ['violations'] });
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} x ${v.help}`);
});
console.log(`axe: ${axe.length} violations`);
for (const v of axe) console.log('  ' + v);
// Tab until the focus is inside the map (at most 40 presses: six
// summaries come first), then three more: each an area's link.
let inMap = 0, presses = 0, names = [];
for (; presses < 40 && !inMap; presses++) {
  await page.keyboard.press('Tab');
  inMap = await page.evaluate(() => {
    const a = document.activeElement;
    return a && a.closest && a.closest('.wa-chart-map svg') ? 1 : 0;
  });
}
for (let i = 0; inMap && i < 3; i++) {
  const n = await page.evaluate(() => {
    const a = document.activeElement;
    return a.tagName + ' ' + a.getAttribute('href') + ' ' + (a.querySelector('title') || {}).textContent;
  });
  names.push(n);
  await page.keyboard.press('Tab');
}
console.log(`tab: map reached after ${presses} presses: ${inMap ? 'yes' : 'no'}`);
for (const n of names) console.log('  ' + n);
await page.screenshot({ path: path.join(path.dirname(file), 'chart-demo-focus.png'), fullPage: false });
await browser.close();
process.exit(axe.length === 0 && inMap ? 0 : 1);
