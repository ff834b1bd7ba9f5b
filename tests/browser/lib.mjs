// Helpers of the browser tests: the browser, the variants, screenshots and
// the accessibility checks (axe-core plus our own: lang, labels, focus).
// SPDX-License-Identifier: EUPL-1.2
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const BASE = (process.env.WA_BASE || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const SHOTS = process.env.WA_SHOTS || path.join(process.cwd(), 'shots');
export const MAIL_FILE = process.env.WA_MAIL_FILE || '';
export const EXECUTABLE = process.env.WA_CHROMIUM || '/usr/bin/chromium';

export const LAUNCH = {
  executablePath: EXECUTABLE,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic'],
};

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 900 },
};

// Every combination: viewport x JavaScript on/off.
export function variants() {
  const only = process.env.WA_VARIANTS ? process.env.WA_VARIANTS.split(',') : null;
  const out = [];
  // js first: two at a time, phone-js and desktop-js run together, then
  // the nojs pair, which finds most axe results already computed.
  for (const js of [true, false]) {
    for (const vp of Object.keys(VIEWPORTS)) {
      const name = `${vp}-${js ? 'js' : 'nojs'}`;
      if (!only || only.includes(name)) out.push({ name, vp, viewport: VIEWPORTS[vp], js });
    }
  }
  return out;
}

export async function launch() {
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch(LAUNCH);
}

// A context as a visitor has it: no CSP bypass, Dutch browser.
export async function visitorContext(browser, v) {
  return browser.newContext({
    viewport: v.viewport,
    javaScriptEnabled: v.js,
    locale: 'nl-NL',
    bypassCSP: false,
  });
}

// axe-core runs in a context of its own, one per variant.  The site's CSP
// (script-src 'self', no inline script) would refuse the injected
// axe.min.js, so this one context has bypassCSP: true; the visitors'
// contexts keep the CSP.  It is also the only context with JavaScript when
// the variant has none.  It never requests the pages under test: it
// replays the exact HTML the visitor's page has (document.write into a
// page of the same origin, the same URL, the same viewport), so the
// styles come from the server as usual and nothing is submitted twice.
// axe is injected once (parsing it costs a second or two) and survives
// document.open(), which keeps the window.
const AXE_CACHE = new Map();

export class AxeRunner {
  static async create(browser, v) {
    const r = new AxeRunner();
    r.width = v.viewport.width;
    r.ctx = await browser.newContext({
      viewport: v.viewport,
      javaScriptEnabled: true,
      locale: 'nl-NL',
      bypassCSP: true,
    });
    r.page = await r.ctx.newPage();
    await r.page.goto(`${BASE}/healthz`);
    await r.page.addScriptTag({ path: AXE_PATH });
    return r;
  }

  // The same document (form tokens aside) at the same viewport gives the
  // same axe result: it is run once and the result reused (the js and nojs
  // variants of a viewport see many identical pages).
  async run(html, url) {
    const key = `${this.width}\n${new URL(url).pathname}\n${html.replace(/name="csrf" value="[^"]*"/g, '')}`;
    if (!AXE_CACHE.has(key)) AXE_CACHE.set(key, this.run1(html, url));
    return AXE_CACHE.get(key);
  }

  async run1(html, url) {
    return this.page.evaluate(async ({ html, url }) => {
      history.replaceState(null, '', url);
      document.open();
      document.write(html);
      document.close();
      await new Promise((res) => {
        if (document.readyState === 'complete') res();
        else window.addEventListener('load', res, { once: true });
      });
      for (const l of document.querySelectorAll('link[rel=stylesheet]')) {
        if (!l.sheet) throw new Error(`stylesheet ${l.href} did not load in the axe page`);
      }
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    }, { html, url });
  }

  async close() {
    await this.ctx.close();
  }
}

// WA_TIMING=1 prints where the time goes, at exit.
const timings = {};
export function timing(what, t0) {
  const t = timings[what] || (timings[what] = { n: 0, ms: 0 });
  t.n += 1;
  t.ms += Date.now() - t0;
}
if (process.env.WA_TIMING) {
  process.on('exit', () => {
    for (const [k, t] of Object.entries(timings)) console.log(`# timing ${k}: ${t.n} x, ${(t.ms / 1000).toFixed(1)} s`);
  });
}

const safe = (s) => String(s).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');

// Screenshot named by test, viewport and JavaScript state, numbered in order.
export class Shots {
  constructor(test, v) {
    this.prefix = `${safe(test)}--${v.vp}--${v.js ? 'js' : 'nojs'}`;
    this.n = 0;
  }
  async take(page, step) {
    const t0 = Date.now();
    try { return await this.take1(page, step); } finally { timing('shot', t0); }
  }

  async take1(page, step) {
    this.n += 1;
    const file = path.join(SHOTS, `${this.prefix}--${String(this.n).padStart(2, '0')}-${safe(step)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

// Records which requests failed and which CSP violations the console
// reported, so a test can assert that a page loaded cleanly.
export function watch(page) {
  const problems = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && u.pathname !== '/favicon.ico' && r.request().resourceType() !== 'document') {
      problems.push(`${r.status()} for ${r.request().resourceType()} ${u.pathname}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

// Our own checks, in the visitor's page (page.evaluate works with the
// page's JavaScript off):
// - <html lang>;
// - every form control a person can use has a name: a <label for>, a
//   wrapping label, aria-label(ledby), or alt for image buttons;
// - a visible focus indicator: focus the first visible form field (or
//   else the first link in main, or the skip link) and compute its outline
//   and box-shadow (a 2 px outline at least, or a halo).
function PAGE_CHECKS() {
  const out = { lang: document.documentElement.getAttribute('lang'), unlabelled: [], focus: null };
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const t = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset'].includes(t)) continue;
    if (el.closest('[aria-hidden="true"]')) continue;
    if (t === 'image') {
      if (!(el.getAttribute('alt') || '').trim()) out.unlabelled.push(el.outerHTML.slice(0, 120));
      continue;
    }
    const labelled = (el.labels && [...el.labels].some((l) => l.textContent.trim()))
      || (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\s+/).some((id) => id && document.getElementById(id));
    if (!labelled) out.unlabelled.push(el.outerHTML.slice(0, 120));
  }
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const sels = ['main input:not([type=hidden]):not([tabindex="-1"]), main select, main textarea', 'main a[href]', 'a.wa-skip-link'];
  let el = null;
  for (const sel of sels) {
    el = [...document.querySelectorAll(sel)].find((e) => sel.startsWith('a.') || visible(e));
    if (el) break;
  }
  if (el) {
    el.focus();
    const s = getComputedStyle(el);
    out.focus = {
      tag: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
      focused: document.activeElement === el,
      outlineStyle: s.outlineStyle,
      outlineWidth: parseFloat(s.outlineWidth) || 0,
      boxShadow: s.boxShadow,
    };
    el.blur();
  }
  return out;
}

// The accessibility checks of one page.  Problems are collected (so that
// the path under test goes on) and the test asserts at its end that there
// were none.
export class Audit {
  constructor(runner, label) {
    this.runner = runner;
    this.label = label;
    this.problems = [];
    this.pages = [];
  }

  add(where, msg) {
    this.problems.push(`${where}: ${msg}`);
  }

  // Run every check on the page the visitor sees now.
  async page(page, name, opts) {
    const t0 = Date.now();
    try { return await this.page1(page, name, opts); } finally { timing('audit', t0); }
  }

  async page1(page, name, { lang = 'nl' } = {}) {
    const url = new URL(page.url());
    const where = `${name} (${url.pathname}${url.search})`;
    this.pages.push(where);
    const r = await page.evaluate(PAGE_CHECKS);
    if (r.lang !== lang) this.add(where, `<html lang="${r.lang}">, expected "${lang}"`);
    for (const b of r.unlabelled) this.add(where, `form control without a label: ${b}`);
    const f = r.focus;
    if (f && !f.focused) this.add(where, `${f.tag} could not get focus`);
    if (f && f.focused && !(f.outlineStyle !== 'none' && f.outlineWidth >= 2) && !(f.boxShadow && f.boxShadow !== 'none')) {
      this.add(where, `no visible focus indicator on ${f.tag} (outline ${f.outlineStyle} ${f.outlineWidth}px, box-shadow ${f.boxShadow})`);
    }
    await this.axe(page, where);
  }

  // axe-core, WCAG 2.0/2.1 A and AA, on a replay of the visitor's HTML.
  async axe(page, where) {
    const t0 = Date.now();
    const html = await page.content();
    const violations = await this.runner.run(html, page.url());
    timing('axe', t0);
    for (const v of violations) {
      for (const n of v.nodes) {
        this.add(where, `axe ${v.id} (${v.impact}): ${v.help} -- target ${n.target}; ${String(n.summary).replace(/\s+/g, ' ')}`);
      }
    }
  }

  assertClean(assert) {
    assert.deepEqual(this.problems, [], `accessibility problems on ${this.label}:\n  ` + this.problems.join('\n  '));
  }
}

// The magic link that tests/http/test_browser.py wrote for this address
// after its SMTP server received the mail ("address<TAB>url" lines).
export async function mailedLink(address, timeoutMs = 20000) {
  if (!MAIL_FILE) throw new Error('no WA_MAIL_FILE: run through tests/http/test_browser.py (or --mail-file)');
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    let text = '';
    try { text = fs.readFileSync(MAIL_FILE, 'utf8'); } catch { /* not yet */ }
    for (const line of text.split('\n')) {
      const [to, url] = line.split('\t');
      if (to === address && url) return url.trim();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail with a link for ${address} within ${timeoutMs} ms (${MAIL_FILE})`);
}
