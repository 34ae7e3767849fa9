// SPDX-License-Identifier: GPL-3.0-or-later
// dashboard.mjs: the organizers' dashboard in headless Chromium (Debian's
// chromium, driven by playwright-core) against a real hub that real
// devices filled; prints TAP. Usage: node dashboard.mjs BROWSER-HUB SHOTS-DIR
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [helperPath, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
let count = 0;
let failed = 0;

function check(ok, description, detail) {
  count++;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${count} - ${description}`);
  if (!ok && detail !== undefined) console.log(`# ${detail}`);
}

// The helper prints one line of JSON (what the page must show) once the
// hub is filled, and stops the hub when its stdin closes.
const helper = spawn(helperPath, [], { stdio: ['pipe', 'pipe', 'inherit'] });
const expected = await new Promise((resolve, reject) => {
  createInterface({ input: helper.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  helper.once('exit', (code) => reject(new Error(`browser-hub exited with ${code} before it was ready`)));
});

const browser = await chromium.launch({
  executablePath: process.env.OCOP_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  // A phone's screen: organizers walk the fair with one.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true,
                                             locale: 'vi-VN' });
  const page = await context.newPage();
  const day = `${expected.url}/?fair=${expected.fair}&day=${expected.day}`;

  await page.goto(day);
  check(new URL(page.url()).pathname === '/login', 'without a session the dashboard sends the browser to /login',
        page.url());
  await page.screenshot({ path: join(shots, 'login.png'), fullPage: true });

  await page.fill('#name', expected.name);
  await page.fill('#password', 'not-the-password');
  await page.click('button[type=submit]');
  const error = (await page.textContent('#error')) || '';
  check(error.includes('Sai tên đăng nhập hoặc mật khẩu'), 'a wrong password is refused with a message', error);
  await page.screenshot({ path: join(shots, 'login-wrong.png'), fullPage: true });

  await page.fill('#name', expected.name);
  await page.fill('#password', expected.password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.click('button[type=submit]')]);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'ocop_session');
  check(session && session.httpOnly && session.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict',
        JSON.stringify(session));

  await page.goto(day);
  const value = async (id) => Number(await page.getAttribute(`#${id} .big`, 'data-value'));
  const revenue = await value('day-revenue');
  const visitors = await value('day-visitors');
  const sales = await value('day-sales');
  check(revenue === expected.revenue, `the day's revenue is the sum of the devices' sales (${expected.revenue})`,
        `page shows ${revenue}`);
  check(visitors === expected.visitors, `the day's visitors are the devices' counts (${expected.visitors})`,
        `page shows ${visitors}`);
  check(sales === expected.sales, `the day's sales count is the devices' (${expected.sales})`, `page shows ${sales}`);
  const shown = (await page.textContent('#day-revenue .big')) || '';
  check(shown.replace(/\D/g, '') === String(expected.revenue) && shown.includes('₫'),
        'the revenue reads in đồng with dot grouping', shown);

  // A booth named with markup and quotes reads as that text, and adds no
  // element to the page.
  const nameCell = (await page.textContent(`tr[data-booth="${expected.markup_booth}"] td:nth-child(2)`)) || '';
  const injected = await page.evaluate(() => document.querySelectorAll('script, img').length);
  check(nameCell.startsWith(expected.markup_name) && injected === 0 && !(await page.title()).startsWith('x'),
        'a booth name with <script>, <img> and quotes is shown as text', `${nameCell} / ${injected} elements`);

  const stale = await page.$$eval('tr.stale', (rows) => rows.map((r) => r.dataset.booth));
  check(JSON.stringify(stale) === JSON.stringify([expected.stale]), `only ${expected.stale}, silent for 45 minutes, is flagged`,
        JSON.stringify(stale));
  const flag = (await page.textContent(`tr[data-booth="${expected.stale}"] .flag`)) || '';
  check(flag.includes('chưa đồng bộ'), 'the flag says the booth has not synced', flag);
  const bars = await page.$$eval('#days svg rect', (rects) => rects.length);
  check(bars >= 2, 'the per-day charts are drawn as inline SVG', `${bars} bars`);
  // The devices' sales have no order discounts, so the kinds' line revenue
  // adds up to the day's revenue exactly.
  const kindsShown = await page.isVisible('#kinds table');
  const kindRevenue = await page.$$eval('#kinds tr[data-kind]',
                                        (rows) => rows.reduce((sum, r) => sum + Number(r.cells[3].dataset.value), 0));
  check(kindsShown && kindRevenue === expected.revenue,
        'the producer-kind table is visible and its day revenue sums to the devices\' revenue',
        `visible ${kindsShown}, ${kindRevenue}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, 'the page fits a phone screen without scrolling sideways', `scrollWidth ${width}`);
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-booths')]);
  const csv = readFileSync(await download.path(), 'utf8');
  check(csv.charCodeAt(0) === 0xfeff, 'the CSV starts with a BOM for Excel');
  check(download.suggestedFilename() === `booths-${expected.fair}-${expected.day}.csv`, 'the CSV has a file name',
        download.suggestedFilename());
  const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(','));
  const csvRevenue = rows.reduce((sum, cells) => sum + Number(cells[7]), 0);
  check(rows.length === 3 && csvRevenue === expected.revenue, 'the downloaded CSV sums to the devices\' revenue',
        `${rows.length} rows, ${csvRevenue}`);

  // The page's words come from po/vi.po through gettext, in each
  // request's language: Vietnamese for this vi-VN browser, English on
  // request, and both at the same moment in two tabs.
  const words = async (p) => ({
    lang: await p.getAttribute('html', 'lang'),
    headings: await p.$$eval('section h2, .card h2', (hs) => hs.map((h) => h.textContent)),
    columns: await p.$$eval('#booths th', (ths) => ths.map((th) => th.textContent)),
    method: await p.textContent('#methods td'),
    csv: await p.textContent('#csv-booths'),
  });
  const vietnamese = { lang: 'vi', heading: 'Doanh thu trong ngày', kinds: 'Theo loại hình chủ thể',
                       columns: ['Gian hàng', 'Tên, địa phương', 'Đơn bán', 'Doanh thu', 'Đồng bộ lần cuối'],
                       csv: 'Tải CSV' };
  const englishWords = { lang: 'en', heading: 'Revenue that day', kinds: 'By producer kind',
                         columns: ['Booth', 'Name, locality', 'Sales', 'Revenue', 'Last sync'], csv: 'Download CSV' };
  const speaks = (w, l) => w.lang === l.lang && w.headings.includes(l.heading) && w.headings.includes(l.kinds) &&
                           JSON.stringify(w.columns) === JSON.stringify(l.columns) && w.csv === l.csv;
  const vi = await words(page);
  check(speaks(vi, vietnamese) && ['Tiền mặt', 'Chuyển khoản'].includes(vi.method),
        'the page speaks Vietnamese from the catalogue by default', JSON.stringify(vi));

  await page.goto(`${day}&lang=en`);
  const english = (await page.textContent('#day-revenue h2')) || '';
  check(english === 'Revenue that day', 'the page speaks English with ?lang=en', english);
  const en = await words(page);
  check(speaks(en, englishWords) && ['Cash', 'Bank transfer'].includes(en.method) &&
        !en.headings.some((h) => /[ạ-ỹàáảãâăèéêìíòóôõùúýđ]/i.test(h)),
        'every heading, column and label of the English page is English', JSON.stringify(en));
  await page.screenshot({ path: join(shots, 'dashboard-en.png'), fullPage: true });

  const tabs = await Promise.all([context.newPage(), context.newPage(), context.newPage(), context.newPage()]);
  await Promise.all(tabs.map((tab, i) => tab.goto(i % 2 ? `${day}&lang=en` : day)));
  const spoken = await Promise.all(tabs.map(words));
  check(spoken.every((w, i) => speaks(w, i % 2 ? englishWords : vietnamese)),
        'four tabs loaded at once, two in each language, each get their own',
        JSON.stringify(spoken.map((w) => w.lang + ':' + w.headings[0])));
  await Promise.all(tabs.map((tab) => tab.close()));

  // An English browser (Accept-Language: en-US) gets the login in English.
  const visitor = await browser.newContext({ locale: 'en-US' });
  const englishLogin = await visitor.newPage();
  await englishLogin.goto(`${expected.url}/login`);
  const title = (await englishLogin.textContent('form.login h1')) || '';
  const nameLabel = (await englishLogin.textContent('label[for=name]')) || '';
  check(title === "Organizers' login" && nameLabel === 'Name',
        'an English browser is answered in English (Accept-Language)', `${title} / ${nameLabel}`);
  await visitor.close();

  // A page of another site that posts the login form to the hub, as a
  // login CSRF would: the browser says where it came from, the hub refuses.
  const elsewhere = await browser.newContext();
  const foreign = await elsewhere.newPage();
  await foreign.route('http://lua-dao.test/**', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<form method="post" action="${expected.url}/login"><input name="name" value="${expected.name}">` +
          `<input name="password" value="${expected.password}"><button type="submit">go</button></form>`,
  }));
  await foreign.goto('http://lua-dao.test/');
  const [crossSite] = await Promise.all([
    foreign.waitForResponse((r) => r.url().startsWith(`${expected.url}/login`)),
    foreign.click('button'),
  ]);
  const crossCookies = await elsewhere.cookies(expected.url);
  check(crossSite.status() === 403 && crossCookies.length === 0,
        'a login form posted from another site is refused (403) and sets no cookie',
        `${crossSite.status()}, ${crossCookies.length} cookies`);
  await elsewhere.close();

  await Promise.all([page.waitForURL((url) => url.pathname === '/login'), page.click('header button')]);
  await page.goto(day);
  check(new URL(page.url()).pathname === '/login', 'after logging out the dashboard is closed', page.url());
} catch (e) {
  check(false, 'the browser run finished', String(e && e.stack || e));
} finally {
  await browser.close();
  helper.stdin.end();
  await new Promise((resolve) => helper.once('exit', resolve));
}
console.log(`1..${count}`);
process.exit(failed ? 1 : 0);
