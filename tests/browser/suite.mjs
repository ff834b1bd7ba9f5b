// The browser tests themselves (node:test).  run.mjs starts this file and
// counts; see README.md.  Every test runs on a 360x740 phone and a
// 1280x900 desktop viewport, with JavaScript on and off.
// SPDX-License-Identifier: EUPL-1.2
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AxeRunner, BASE, Audit, Shots, launch, mailedLink, variants, visitorContext, watch,
} from './lib.mjs';

const RUN = Date.now().toString(36);
// A real photo with EXIF, GPS and orientation 6 (tests/data/images/README.md)
const PHOTO = new URL('../data/images/exif_gps_o6.jpg', import.meta.url).pathname;
const DEMO_USER = 'coordinator@demo.wijkagenda.nl';
const DEMO_PASSWORD = 'demo-wachtwoord-2026';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

// One fresh visitor context (own cookies) and its audit for one test.
async function session(v, runner, name) {
  const ctx = await visitorContext(browser, v);
  const page = await ctx.newPage();
  page.setDefaultTimeout(10000);
  const problems = watch(page);
  const audit = new Audit(runner, `${name} ${v.name}`);
  const shots = new Shots(name, v);
  const done = async () => {
    await ctx.close();
  };
  return { ctx, page, audit, shots, problems, done };
}

const path = (page) => new URL(page.url()).pathname;

// Submit by clicking a button and wait for the page that follows.
async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

// Log in as the demo professional from /login; a page other than /werk
// fails with what it said.  "Het is nu erg druk" (503, Retry-After: 1:
// the password check waited over a second for one of the two argon2id
// threads, as on a loaded CI machine) is tried again after the pause it
// asks for, as a person would, at most twice, and said in the output.
// onForm runs on the log-in form before it is filled (its audit).
async function logIn(page, onForm) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${BASE}/login`);
    if (onForm && attempt === 1) await onForm();
    await page.getByLabel('E-mailadres').fill(DEMO_USER);
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await clickAndWait(page, page.getByRole('button', { name: 'Inloggen' }));
    if (path(page) === '/werk') return;
    const said = (await page.locator('main').textContent()).replace(/\s+/g, ' ').trim();
    if (attempt < 3 && /erg druk/.test(said)) {
      console.log(`# log-in busy (attempt ${attempt}), tried again: ${said.slice(0, 120)}`);
      await page.waitForTimeout(1500);
      continue;
    }
    assert.fail(`log-in ended on ${path(page)}, not /werk: ${said.slice(0, 300)}`);
  }
}

// Without JavaScript a report without a category whose text suggests one
// gets the step "Klopt het onderwerp?" (views/melden_hint.c): the
// suggestion chosen in the list, the words that drove it; it is sent as
// it is.  With JavaScript the form showed the suggestion inline
// (static/suggest.js) and there is no step.
async function categoryStep(page, v, audit, shots, keyboard) {
  if (v.js) return;
  assert.equal((await page.locator('h1').textContent()).trim(), 'Klopt het onderwerp?',
    'the category step without JavaScript');
  assert.notEqual(await page.locator('#f-category').inputValue(), '', 'the suggestion is chosen');
  assert.match(await page.locator('#f-category-hint').textContent(), /Omdat u schreef: \S+/);
  await shots.take(page, 'onderwerp-stap');
  await audit.page(page, 'onderwerp-stap');
  const send = page.getByRole('button', { name: 'Verstuur mijn melding' });
  if (keyboard) {
    await send.focus();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  } else {
    await clickAndWait(page, send);
  }
}

// The four variants two at a time (this is a 2-core machine); the tests of
// one variant in order.
describe('browser', { concurrency: Number(process.env.WA_CONCURRENCY || 2) }, () => {
for (const v of variants()) {
  describe(v.name, { concurrency: 1 }, () => {
    let runner;
    before(async () => { runner = await AxeRunner.create(browser, v); });
    after(async () => { if (runner) await runner.close(); });

    // 0. The checks themselves catch what they should: a page spoiled on
    // purpose (a label removed, grey text, a wrong lang) must be reported.
    if (v.name === variants()[0].name) {
      test(`${v.name} › checks_catch_violations`, async () => {
        const s = await session(v, runner, 'canary');
        try {
          await s.page.goto(`${BASE}/login`);
          await s.page.evaluate(() => {
            document.querySelector('label[for=f-password]').remove();
            document.querySelector('.wa-lead').style.color = '#bbb';
            document.documentElement.lang = 'de';
          });
          await s.audit.page(s.page, 'login-bedorven');
          const p = s.audit.problems.join('\n');
          assert.match(p, /lang="de"/);
          assert.match(p, /without a label: <input[^\n]*f-password/);
          assert.match(p, /axe label \(critical\)[^\n]*#f-password/);
          assert.match(p, /axe color-contrast[^\n]*\.wa-lead/);
        } finally {
          await s.done();
        }
      });
    }

    // 1. The resident's path: report, tracking link, magic link, "mijn meldingen".
    test(`${v.name} › resident_path`, async () => {
      const s = await session(v, runner, 'resident');
      const { page, audit, shots } = s;
      try {
        const text = `Browsertest ${v.name} ${RUN}: de stoeptegel voor nummer 12 ligt los`;
        const email = `bewoner.${v.name}.${RUN}@example.org`;

        await page.goto(`${BASE}/melden`);
        assert.equal(await page.title(), 'Melding maken – wijkagenda');
        await audit.page(page, 'melden');
        await page.getByLabel('Uw bericht').fill(text);
        await page.getByLabel('Buurt', { exact: true }).selectOption({ label: 'Planciusbuurt-Noord' });
        await page.getByLabel('E-mailadres (niet verplicht)').fill(email);
        // a photo, through the plain file field (multipart/form-data)
        await page.getByLabel("Foto's (niet verplicht)").setInputFiles(PHOTO);
        await shots.take(page, 'melden-ingevuld');
        await clickAndWait(page, page.locator('.wa-actions button[type=submit]'));
        await categoryStep(page, v, audit, shots, false);

        // the confirmation
        assert.match(page.url(), /\/m\/[A-Za-z0-9_-]{22}\?nieuw=1$/, 'confirmation URL');
        await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /uw melding is ontvangen/ }).waitFor());
        await shots.take(page, 'bevestiging');
        await audit.page(page, 'bevestiging');
        const link = page.locator('.wa-track-link a');
        const shown = (await link.textContent()).trim();
        const token = new URL(page.url()).pathname.split('/')[2];
        assert.equal(shown, `${BASE}/m/${token}`, 'the tracking link shown on the page');
        assert.equal(await link.getAttribute('href'), `/m/${token}`);
        assert.match(await page.locator('main').textContent(), new RegExp(text.slice(0, 40)));

        // open the tracking link as a resident would: copied from the page
        await page.goto(shown);
        assert.equal(path(page), `/m/${token}`);
        assert.ok((await page.locator('main').textContent()).includes(text), 'signal text on its page');
        // the photo: stored upright (64x48 with orientation 6), shown as a thumbnail
        const img = page.locator('.wa-photos img').first();
        await img.waitFor();
        assert.match(await img.getAttribute('src'), /^\/foto\/klein\/[A-Za-z0-9_-]{22}\.jpg$/);
        const size = await img.evaluate(async (el) => {
          if (!el.complete) await new Promise((r) => { el.onload = r; el.onerror = r; });
          return [el.naturalWidth, el.naturalHeight];
        });
        assert.deepEqual(size, [48, 64], 'the thumbnail loads, upright');
        assert.ok(!(await page.content()).includes(email), 'the e-mail address is never shown publicly');
        await shots.take(page, 'volglink');
        await audit.page(page, 'melding');

        // ask for a magic link
        await page.goto(`${BASE}/mijn`);
        await audit.page(page, 'mijn');
        await page.getByLabel('E-mailadres').fill(email);
        await clickAndWait(page, page.getByRole('button', { name: 'Stuur mij een link' }));
        assert.equal(path(page), '/mijn');
        const answer = await page.locator('main').textContent();
        assert.match(answer, /mail|link/i, `the page answers the request: ${answer.trim().slice(0, 200)}`);
        await shots.take(page, 'mijn-gevraagd');
        await audit.page(page, 'mijn-gevraagd');

        // the link from the mail (tests/http/test_browser.py's SMTP server)
        const magic = await mailedLink(email);
        assert.match(magic, /^http:\/\/127\.0\.0\.1:\d+\/mijn\/[A-Za-z0-9_-]{22}$/, 'magic link');
        // opening the link uses nothing up (mail scanners open links too);
        // the button on its page does
        await page.goto(magic);
        await page.getByRole('heading', { level: 1, name: 'Uw meldingen openen' }).waitFor();
        await shots.take(page, 'mijn-link');
        await audit.page(page, 'mijn-link');
        await clickAndWait(page, page.locator('main').getByRole('button', { name: 'Open mijn meldingen' }));
        assert.equal(path(page), '/mijn/meldingen');
        await page.getByRole('heading', { level: 1, name: 'Mijn meldingen' }).waitFor();
        const mine = await page.locator('main').textContent();
        assert.ok(mine.includes(text), 'the signal is in "mijn meldingen"');
        assert.ok(mine.includes(email), 'the own address is shown to its owner');
        await shots.take(page, 'mijn-meldingen');
        await audit.page(page, 'mijn-meldingen');

        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });

    // 1b. The category suggestion while writing (static/suggest.js), by
    // keyboard: announced in a polite live region with the words that drove
    // it; its button chooses the category in the list.
    if (v.js) {
      test(`${v.name} › category_suggestion_inline`, async () => {
        const s = await session(v, runner, 'voorstel');
        const { page, audit, shots } = s;
        try {
          await page.goto(`${BASE}/melden`);
          const box = page.locator('#f-category-suggest');
          assert.equal(await box.getAttribute('aria-live'), 'polite');
          assert.ok(await box.isHidden(), 'hidden before there is a suggestion');
          await page.getByLabel('Uw bericht').focus();
          await page.keyboard.type(`De lantaarnpaal voor ons huis brandt al een week niet ${RUN}`);
          await box.waitFor({ state: 'visible' });
          const said = await box.textContent();
          assert.match(said, /Voorstel voor het onderwerp:\s*Straatverlichting/, said);
          assert.match(said, /Omdat u schreef:\s*\S*lantaarnpaal/, said);
          await shots.take(page, 'voorstel');
          await audit.page(page, 'melden-voorstel');
          assert.equal(await page.locator('#f-category').inputValue(), '', 'nothing chosen yet');
          await box.getByRole('button', { name: 'Kies dit onderwerp' }).focus();
          await page.keyboard.press('Enter');
          assert.equal(await page.locator('#f-category').inputValue(),
            'wegen-verkeer-straatmeubilair/straatverlichting-openbare-klok', 'chosen by the button');
          assert.equal(await page.evaluate(() => document.activeElement.id), 'f-category',
            'focus goes to the list it changed');
          assert.match(await box.textContent(), /Gekozen:\s*Straatverlichting/);
          // a text of words it does not know: the box empties
          await page.locator('#f-category').selectOption('');
          await page.getByLabel('Uw bericht').fill('qwerty asdfgh zxcvbn');
          await page.getByLabel('Uw bericht').dispatchEvent('input');
          await box.waitFor({ state: 'hidden' });
          assert.deepEqual(s.problems, [], 'resources and CSP');
          audit.assertClean(assert);
        } finally {
          await s.done();
        }
      });
    }

    // 2. The report form completed by keyboard alone.
    test(`${v.name} › keyboard_report`, async () => {
      const s = await session(v, runner, 'keyboard');
      const { page, audit, shots } = s;
      try {
        const text = `Toetsenbord ${v.name} ${RUN}: lantaarnpaal brandt niet`;
        const email = `toetsen.${v.name}.${RUN}@example.org`;
        await page.goto(`${BASE}/melden`);

        const active = () => page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return { key: 'body' };
          const r = el.getBoundingClientRect();
          const area = el.closest('.wa-skip-link') ? 'skip'
            : el.closest('.wa-lang') ? 'lang'
              : el.closest('header') ? 'nav'
                : el.closest('form') ? 'form'
                  : el.closest('main') ? 'main' : 'other';
          return {
            key: el.id || el.getAttribute('name') || el.tagName.toLowerCase() + ':' + el.textContent.trim().slice(0, 20),
            tag: el.tagName.toLowerCase(),
            area,
            top: r.top + window.scrollY,
            left: r.left + window.scrollX,
          };
        });

        // Walk the page with Tab up to the last form control.
        const order = [];
        for (let i = 0; i < 40; i += 1) {
          await page.keyboard.press('Tab');
          const a = await active();
          order.push(a);
          if (a.area === 'form' && a.tag === 'button') break;
        }
        const areas = order.map((a) => a.area).filter((x, i, arr) => i === 0 || arr[i - 1] !== x);
        assert.deepEqual(areas, ['skip', 'nav', 'lang', 'form'],
          `focus goes skip link, nav, language switch, form: ${order.map((a) => `${a.area}:${a.key}`).join(' ')}`);
        const navKeys = order.filter((a) => a.area === 'nav').map((a) => a.key);
        assert.ok(navKeys.length >= 3, `logo and menu links: ${navKeys}`);
        const form = order.filter((a) => a.area === 'form').map((a) => a.key);
        assert.deepEqual(form,
          ['f-kind', 'f-text', 'f-buurt', 'kaart', 'summary:Coördinaten invoeren', 'f-photo', 'f-category', 'f-email', 'f-notify', 'f-phone', 'f-age_band', 'actie'],
          'form fields in order');
        // visual order: each next field lower on the page, or on the same row further right
        const fields = order.filter((a) => a.area === 'form');
        for (let i = 1; i < fields.length; i += 1) {
          const p = fields[i - 1];
          const c = fields[i];
          assert.ok(c.top > p.top + 1 || (Math.abs(c.top - p.top) <= 1 && c.left > p.left),
            `visual order: ${c.key} (${c.top},${c.left}) comes after ${p.key} (${p.top},${p.left})`);
        }
        await shots.take(page, 'laatste-veld');
        await audit.page(page, 'melden-toetsenbord');

        // Fill it in by keyboard: back to the top, then Tab / Space / typing / Enter.
        await page.goto(`${BASE}/melden`);
        const tabTo = async (key) => {
          for (let i = 0; i < 30; i += 1) {
            await page.keyboard.press('Tab');
            if ((await active()).key === key) return;
          }
          throw new Error(`Tab never reached ${key}`);
        };
        await tabTo('f-kind');
        await page.keyboard.press('ArrowDown'); // radio group: "Een vraag stellen"
        assert.equal(await page.locator('input[name=kind]:checked').getAttribute('value'), 'vraag');
        await page.keyboard.press('ArrowUp'); // back to "Iets melden"
        await page.keyboard.press('Space');
        assert.equal(await page.locator('input[name=kind]:checked').getAttribute('value'), 'melding');
        await page.keyboard.press('Tab');
        assert.equal((await active()).key, 'f-text');
        await page.keyboard.type(text);
        await page.keyboard.press('Tab');
        assert.equal((await active()).key, 'f-buurt');
        await page.keyboard.type('Planciusbuurt-N'); // type-ahead in a closed select
        assert.equal(await page.locator('#f-buurt').inputValue(), 'AA01', 'buurt chosen by typing');
        await tabTo('f-email');
        await page.keyboard.type(email);
        await shots.take(page, 'ingevuld');
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
        await categoryStep(page, v, audit, shots, true);
        assert.match(page.url(), /\/m\/[A-Za-z0-9_-]{22}\?nieuw=1$/, 'Enter submitted the form');
        const main = await page.locator('main').textContent();
        assert.ok(main.includes(text), 'the typed text arrived');
        assert.ok(main.includes('Planciusbuurt-Noord'), 'the chosen buurt arrived');
        // the skip link works by keyboard too
        await page.keyboard.press('Tab');
        assert.equal((await active()).area, 'skip');
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'inhoud', 'skip link moves focus to main');
        await shots.take(page, 'verstuurd');
        await audit.page(page, 'bevestiging-toetsenbord');

        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });

    // 3. Searching the social map, and a service page.
    test(`${v.name} › social_map_search`, async () => {
      const s = await session(v, runner, 'sociale-kaart');
      const { page, audit, shots } = s;
      try {
        await page.goto(`${BASE}/sociale-kaart`);
        await audit.page(page, 'sociale-kaart');
        await page.getByLabel('Waar zoekt u hulp bij?').fill('eenzaamheid');
        await clickAndWait(page, page.locator('form[role=search] button[type=submit]'));
        const u = new URL(page.url());
        assert.equal(u.pathname, '/sociale-kaart');
        assert.equal(u.searchParams.get('q'), 'eenzaamheid');
        const heading = (await page.locator('#resultaten').textContent()).trim();
        assert.match(heading, /^[1-9]\d* resultaten?$/, `results heading: ${heading}`);
        await shots.take(page, 'zoekresultaten');
        await audit.page(page, 'zoekresultaten');

        const first = page.locator('.wa-choices h3 a').first();
        const name = (await first.textContent()).trim();
        await clickAndWait(page, first);
        assert.match(path(page), /^\/sociale-kaart\/diensten\/\d+$/);
        assert.equal((await page.locator('h1').textContent()).trim(), name);
        await shots.take(page, 'dienst');
        await audit.page(page, 'dienst');

        // and in English
        await page.goto(`${BASE}/sociale-kaart?lang=en&q=eenzaamheid`);
        await audit.page(page, 'sociale-kaart-en', { lang: 'en' });
        await shots.take(page, 'english');

        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });

    // 4. The professional's path: log in, the organisation and its services.
    test(`${v.name} › professional_path`, async () => {
      const s = await session(v, runner, 'professional');
      const { page, audit, shots } = s;
      try {
        await logIn(page, () => audit.page(page, 'login'));
        assert.match(await page.locator('main').textContent(), new RegExp(`Ingelogd als ${DEMO_USER.replace(/\./g, '\\.')}`));
        await shots.take(page, 'werk');
        await audit.page(page, 'werk');

        const org = page.locator('main a[href^="/beheer/organisaties/"]').first();
        await clickAndWait(page, org);
        const orgPath = path(page);
        assert.match(orgPath, /^\/beheer\/organisaties\/\d+$/);
        await shots.take(page, 'organisatie');
        await audit.page(page, 'organisatie');

        await page.goto(`${BASE}${orgPath}/diensten`);
        await audit.page(page, 'diensten');
        // a service of our own (the demo organisation of this user has none)
        const svc = `Buurtkamer browsertest ${v.name} ${RUN}`;
        const create = page.locator(`form[action="${orgPath}/diensten"]`);
        await create.getByLabel('Naam').fill(svc);
        await create.getByLabel('Wat doet u?').fill('Een plek om elkaar te ontmoeten, met koffie.');
        await create.getByLabel('Heel Amsterdam').check();
        await clickAndWait(page, create.locator('button[type=submit]').last());
        assert.match(path(page), new RegExp(`^${orgPath}/diensten/\\d+$`), `after creating: ${page.url()}`);
        const svcPath = path(page);
        await shots.take(page, 'dienst-aangemaakt');
        await audit.page(page, 'dienst-bewerken');

        // change a field, save, see the change
        const norm = `Binnen 3 werkdagen belt iemand u terug (${v.name}).`;
        const edit = page.locator(`form.wa-form[action="${svcPath}"]`);
        await edit.getByLabel('Wat mag iemand verwachten').fill(norm);
        await edit.getByLabel('Eerste antwoord binnen').fill('3');
        await clickAndWait(page, edit.getByRole('button', { name: 'Opslaan' }));
        assert.equal(path(page), svcPath);
        assert.equal(await page.locator(`form.wa-form[action="${svcPath}"]`).getByLabel('Wat mag iemand verwachten').inputValue(), norm);
        await shots.take(page, 'dienst-opgeslagen');
        await audit.page(page, 'dienst-opgeslagen');

        await page.goto(`${BASE}${orgPath}/diensten`);
        assert.ok((await page.locator('main').textContent()).includes(svc), 'the service is listed');
        // as residents see it
        await page.goto(`${BASE}/sociale-kaart/diensten/${svcPath.split('/').pop()}`);
        assert.ok((await page.locator('main').textContent()).includes(norm), 'the change is public');
        await audit.page(page, 'dienst-publiek');

        // log out with the header's button, here on a public page
        await clickAndWait(page, page.locator('header').getByRole('button', { name: 'Uitloggen' }));
        await shots.take(page, 'uitgelogd');
        await audit.page(page, 'uitgelogd');
        await page.goto(`${BASE}/werk`);
        assert.equal(path(page), '/login', 'after logging out /werk asks to log in');

        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });

    // 5. The bewonersagenda and a kwestie's page (issue 12): a kwestie made
    // through the JSON API as the demo coordinator would, then read and
    // supported as a visitor, by the form, with its error and thank-you.
    test(`${v.name} › kwestie_pages`, async () => {
      const s = await session(v, runner, 'kwestie');
      const { page, audit, shots } = s;
      try {
        await logIn(page);
        const org = Number((await page.locator('main a[href^="/beheer/organisaties/"]').first()
          .getAttribute('href')).split('/').pop());
        const csrf = await page.locator('header input[name=csrf]').getAttribute('value');
        const title = `Te weinig groen in West (${v.name} ${RUN})`;
        const made = await page.request.post(`${BASE}/api/v1/kwesties`, {
          headers: { 'X-CSRF-Token': csrf },
          data: {
            title, description: 'Bewoners willen meer bomen en plantenbakken.', area: 'E',
            level: 'stadsdeel', level_reason: 'Het speelt in heel West.', status: 'opgepakt',
            chain: [{ organisation: org, role: 'regisseur' }],
          },
        });
        assert.equal(made.status(), 201, await made.text());
        const id = (await made.json()).id;
        await clickAndWait(page, page.locator('header').getByRole('button', { name: 'Uitloggen' }));

        // the agenda of stadsdeel West, as a visitor
        await page.goto(`${BASE}/agenda/E`);
        await page.getByRole('heading', { level: 1, name: 'West' }).waitFor();
        const link = page.locator(`main a[href="/kwesties/${id}"]`);
        assert.equal((await link.textContent()).trim(), title);
        await shots.take(page, 'agenda');
        await audit.page(page, 'agenda');
        await page.goto(`${BASE}/agenda/E?lang=en`);
        await audit.page(page, 'agenda-en', { lang: 'en' });

        // the kwestie's page, from the agenda
        await page.goto(`${BASE}/agenda/E?lang=nl`);
        await clickAndWait(page, page.locator(`main a[href="/kwesties/${id}"]`));
        assert.equal(path(page), `/kwesties/${id}`);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await shots.take(page, 'kwestie');
        await audit.page(page, 'kwestie');

        // support with a wrong address: the field error; then without one
        await page.getByLabel('E-mailadres (niet verplicht)').fill('geen-adres');
        await clickAndWait(page, page.getByRole('button', { name: 'Ik heb hier ook last van' }));
        assert.equal(await page.locator('#f-email').getAttribute('aria-invalid'), 'true');
        await shots.take(page, 'steun-fout');
        await audit.page(page, 'steun-fout');
        await page.getByLabel('E-mailadres (niet verplicht)').fill('');
        await clickAndWait(page, page.getByRole('button', { name: 'Ik heb hier ook last van' }));
        assert.equal(new URL(page.url()).search, '?steun=1');
        assert.match(await page.locator('[role=status]').textContent(), /steun is geteld/);
        await shots.take(page, 'steun-geteld');
        await audit.page(page, 'steun-geteld');

        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });

    // 7. The public figures (issue 14): the city's dashboard from the
    // agenda, with its charts and map; a stadsdeel from the map; the
    // period form with a wrong period; the printable page.  axe-core on
    // each, in Dutch and English.
    test(`${v.name} › cijfers`, async () => {
      const s = await session(v, runner, 'cijfers');
      const { page, audit, shots } = s;
      try {
        await page.goto(`${BASE}/agenda/GM0363`);
        await clickAndWait(page, page.locator('main a[href="/cijfers/GM0363"]'));
        await page.getByRole('heading', { level: 1, name: 'Cijfers van Amsterdam' }).waitFor();
        const charts = page.locator('main svg[role=img]');
        assert.ok(await charts.count() >= 6, 'charts on the page');
        assert.match(await page.locator('main').textContent(), /betrouwbaarheidsinterval/);
        await shots.take(page, 'cijfers-stad');
        await audit.page(page, 'cijfers-stad');
        await page.goto(`${BASE}/cijfers/GM0363?lang=en`);
        await page.getByRole('heading', { level: 1, name: 'Figures of Amsterdam' }).waitFor();
        await audit.page(page, 'cijfers-stad-en', { lang: 'en' });

        // a stadsdeel, by its link on the map
        await page.goto(`${BASE}/cijfers/GM0363?lang=nl`);
        await clickAndWait(page, page.locator('main svg a[href="/cijfers/E"]'));
        assert.equal(path(page), '/cijfers/E');
        await page.getByRole('heading', { level: 1, name: 'Cijfers van West' }).waitFor();
        await shots.take(page, 'cijfers-west');
        await audit.page(page, 'cijfers-west');

        // a wrong period: the message at the field, the figures not shown
        await page.locator('#f-from').fill('2026-06-01');
        await page.locator('#f-to').fill('2026-01-01');
        await clickAndWait(page, page.getByRole('button', { name: 'Toon de cijfers' }));
        assert.equal(await page.locator('#f-to').getAttribute('aria-invalid'), 'true');
        await shots.take(page, 'cijfers-fout');
        await audit.page(page, 'cijfers-fout');

        await page.goto(`${BASE}/cijfers/E/verslag`);
        await page.getByRole('heading', { level: 1, name: 'Verslag: cijfers van West' }).waitFor();
        await audit.page(page, 'cijfers-verslag');

        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });

    // 6. Promises and plain language (issue 13): the professional's form
    // shows the score while a promise is typed (JavaScript), refuses a
    // hard text with the score and a confirmation (the step without
    // JavaScript), and the promise reaches the public page.
    test(`${v.name} › promises`, async () => {
      const s = await session(v, runner, 'promises');
      const { page, audit, shots } = s;
      try {
        await logIn(page);
        const org = Number((await page.locator('main a[href^="/beheer/organisaties/"]').first()
          .getAttribute('href')).split('/').pop());
        const csrf = await page.locator('header input[name=csrf]').getAttribute('value');
        const title = `Losse tegels op het plein (${v.name} ${RUN})`;
        const made = await page.request.post(`${BASE}/api/v1/kwesties`, {
          headers: { 'X-CSRF-Token': csrf },
          data: {
            title, description: 'Op het plein liggen tegels los.', area: 'E',
            level: 'stadsdeel', level_reason: 'Een plein voor heel West.', status: 'opgepakt',
            chain: [{ organisation: org, role: 'regisseur' }],
          },
        });
        assert.equal(made.status(), 201, await made.text());
        const id = (await made.json()).id;
        await page.goto(`${BASE}/werk/kwesties/${id}`);
        await page.getByRole('heading', { level: 2, name: 'Iets toezeggen' }).waitFor();
        const hard = 'Aangezien de gemeentelijke organisatie voornemens is om, overeenkomstig '
          + 'de vigerende beleidsuitgangspunten inzake de herinrichting van de openbare ruimte, '
          + 'alvorens definitieve besluitvorming plaatsvindt, een uitgebreide inventarisatie van '
          + 'de infrastructurele voorzieningen te realiseren, dienen belanghebbenden hun '
          + 'zienswijzen middels het daartoe bestemde formulier kenbaar te maken.';
        await page.getByLabel('Wat belooft u bewoners?').fill(hard);
        if (v.js) { // the box beside it fills while typing
          await page.locator('#tz-plain').getByText('middels').first().waitFor();
          await shots.take(page, 'toezeggen-score');
          await audit.page(page, 'toezeggen-score');
        }
        await page.getByLabel('Of: binnen zoveel werkdagen').fill('3');
        await clickAndWait(page, page.getByRole('button', { name: 'Toezeggen' }));
        // without JavaScript the preview step: the score and the confirmation
        const confirm = page.getByLabel('Ik heb de score gezien: publiceer de tekst zoals hij is');
        await confirm.waitFor();
        await page.locator('#tz-plain').getByText('middels').first().waitFor();
        await shots.take(page, 'toezeggen-bevestigen');
        await audit.page(page, 'toezeggen-bevestigen');
        await page.getByLabel('Wat belooft u bewoners?').fill('We leggen de tegels binnen drie werkdagen opnieuw.');
        await clickAndWait(page, page.getByRole('button', { name: 'Toezeggen' }));
        assert.match(page.url(), /klaar=toegezegd/);
        await page.goto(`${BASE}/kwesties/${id}`);
        await page.getByRole('heading', { level: 2, name: 'Wat er beloofd is' }).waitFor();
        await shots.take(page, 'beloofd');
        await audit.page(page, 'beloofd');
        assert.deepEqual(s.problems, [], 'resources and CSP');
        audit.assertClean(assert);
      } finally {
        await s.done();
      }
    });
  });
}
});
