#!/usr/bin/env node
// Browser and accessibility tests of wijkagenda: playwright-core driving
// Debian's chromium, axe-core for WCAG 2.1 A/AA.  Runs suite.mjs with
// node's built-in test runner and prints, as its last line, exactly
// "N passed, N failed" (like every suite that tests/run.sh counts).
//
//   node tests/browser/run.mjs --base http://127.0.0.1:PORT --shots DIR \
//        [--mail-file FILE] [--variants phone-js,desktop-nojs]
//
// tests/http/test_browser.py starts the server (with --demo and an SMTP
// server whose magic links it writes to --mail-file) and runs this.
// SPDX-License-Identifier: EUPL-1.2
import { run } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:8080' },
    shots: { type: 'string', default: path.join(here, 'shots') },
    'mail-file': { type: 'string', default: '' },
    variants: { type: 'string', default: '' },
    timeout: { type: 'string', default: '540000' },
  },
});

process.env.WA_BASE = opt.base;
process.env.WA_SHOTS = path.resolve(opt.shots);
if (opt['mail-file']) process.env.WA_MAIL_FILE = path.resolve(opt['mail-file']);
if (opt.variants) process.env.WA_VARIANTS = opt.variants;

const t0 = Date.now();
let passed = 0;
let failed = 0;
// Test names carry their variant ("phone-js › resident_path"): with two
// variants at a time the events of their tests interleave.
const label = (d) => d.name;

function errorText(err) {
  let e = err;
  while (e && e.cause && (e.code === 'ERR_TEST_FAILURE' || e.failureType)) e = e.cause;
  const msg = (e && (e.message || String(e))) || 'unknown error';
  return msg.split('\n').map((l) => '    ' + l).join('\n');
}

const stream = run({
  files: [path.join(here, 'suite.mjs')],
  timeout: Number(opt.timeout),
  concurrency: 1,
});

stream.on('test:pass', (d) => {
  const name = label(d);
  if (d.details && d.details.type === 'suite') return;
  if (d.skip || d.todo) return;
  passed += 1;
  console.log(`ok   ${name} (${((d.details?.duration_ms || 0) / 1000).toFixed(1)} s)`);
});
stream.on('test:fail', (d) => {
  const name = label(d);
  if (d.details && d.details.type === 'suite') return;
  failed += 1;
  console.log(`FAIL ${name}\n${errorText(d.details && d.details.error)}`);
});
stream.on('test:stdout', (d) => process.stdout.write(d.message));
stream.on('test:stderr', (d) => process.stderr.write(d.message));
stream.on('test:diagnostic', (d) => {
  if (d.nesting === 0 && /^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(d.message)) return;
  console.log(`# ${d.message}`);
});

// Nothing else reads the stream; drain it so the run goes on.
stream.on('data', () => {});
stream.on('end', () => {
  console.log(`browser run: ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${process.env.WA_SHOTS}`);
  if (passed + failed === 0) failed = 1;  // nothing ran: that is a failure
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
});
