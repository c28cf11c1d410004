// SPDX-License-Identifier: MIT
// Browser test of the dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core from the npm registry, installed into the build folder on first run).
// Seeds a store with five weekly passes over samples/factures.csv (two invoices paid in the last
// two weeks), serves it with web_fixture, then: checks the figures shown against the store (read
// independently with Python's sqlite3), pauses a customer through the page and finds it in the
// audit log, switches to English, and saves screenshots (laptop and phone width) in the build
// folder. Exit 77 (skipped, with a message) only when chromium or npm cannot be had.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const env = process.env;
const outDir = env.RELANCE_BROWSER_DIR;
const chromiumPath = '/usr/bin/chromium';
const skip = (why) => { console.log(`SKIPPED: ${why}`); process.exit(77); };
const check = (ok, what) => {
  if (!ok) { console.error(`FAIL: ${what}`); process.exitCode = 1; throw new Error(what); }
  console.log(`ok: ${what}`);
};

if (!fs.existsSync(chromiumPath)) skip('no /usr/bin/chromium (apt-get install chromium)');
fs.mkdirSync(outDir, { recursive: true });
const require = createRequire(path.join(outDir, 'package.json'));
let playwright;
try {
  playwright = require('playwright-core');
} catch {
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', outDir, 'playwright-core'],
                        { encoding: 'utf8', timeout: 300000 });
  if (npm.error || npm.status !== 0) {
    skip(`npm could not install playwright-core: ${npm.error ? npm.error.message : npm.stderr.slice(-400)}`);
  }
  playwright = require('playwright-core');
}

// --- Seed: five weekly passes; F-2026-0101 and F-2026-0125 leave the export (paid) in week 4. ---
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-browser-'));
const run = (args) => {
  const r = spawnSync(env.RELANCE_BIN, args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 2) throw new Error(`relance ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
run(['init', '.']);
const sample = fs.readFileSync(path.join(env.RELANCE_SOURCE_DIR, 'samples/factures.csv'), 'utf8');
const later = sample.split('\n').filter((l) => !l.startsWith('F-2026-0101;') && !l.startsWith('F-2026-0125;')).join('\n');
fs.writeFileSync(path.join(dir, 'early.csv'), sample);
fs.writeFileSync(path.join(dir, 'later.csv'), later);
for (const [day, csv] of [['2026-11-05', 'early'], ['2026-11-12', 'early'], ['2026-11-19', 'early'],
                          ['2026-11-26', 'later'], ['2026-12-03', 'later']]) {
  run(['run', '--config', 'relance.toml', '--source', `${csv}.csv`, '--date', day, '-q']);
}
const config = path.join(dir, 'relance.toml');
fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('path = "factures.csv"', 'path = "later.csv"'));

// The store's figures, read without relance's code.
const py = spawnSync(env.RELANCE_PYTHON3, ['-c', `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
open_ = "i.resolved_on IS NULL AND i.status IN ('open','disputed') AND i.total_minor-i.paid_minor-i.credited_minor > 0"
unpaid = db.execute(f"SELECT coalesce(sum(i.total_minor-i.paid_minor-i.credited_minor),0), count(*) FROM invoices i WHERE {open_}").fetchone()
levels = db.execute(f"""SELECT coalesce(h.last_level,0), count(*), sum(i.total_minor-i.paid_minor-i.credited_minor)
  FROM invoices i LEFT JOIN invoice_history h ON h.source=i.source AND h.number=i.number
  WHERE {open_} AND i.due_date < '2026-12-03' GROUP BY 1 ORDER BY 1""").fetchall()
print(json.dumps({"unpaid": unpaid[0], "count": unpaid[1], "levels": levels}))
`, path.join(dir, 'relance.db')], { encoding: 'utf8' });
check(py.status === 0, `store read by Python (${py.stderr.trim()})`);
const store = JSON.parse(py.stdout);

// --- Serve and browse. -------------------------------------------------------------------------
const server = spawn(env.RELANCE_WEB_FIXTURE, [config, '2026-12-03T08:00:00Z'], { stdio: ['pipe', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.trim()); });
  server.on('exit', (code) => reject(new Error(`web_fixture exited with ${code}`)));
});
const browser = await playwright.chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);

  const total = page.locator('[data-figure="total-unpaid"]');
  check(Number(await total.getAttribute('data-minor')) === store.unpaid, `total unpaid shown = store (${store.unpaid})`);
  check(Number(await total.getAttribute('data-count')) === store.count, `unpaid invoices shown = store (${store.count})`);
  const euros = (minor) => (minor / 100).toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f') + '\u00a0€';
  check((await total.locator('.v').innerText()).trim() === euros(store.unpaid), `total unpaid written ${euros(store.unpaid)}`);
  for (const [level, count, minor] of store.levels) {
    const row = page.locator(`#by-level tr[data-level="${level}"]`);
    check(Number(await row.getAttribute('data-minor')) === minor && Number(await row.getAttribute('data-count')) === count,
          `overdue at level ${level} shown = store (${count}, ${minor})`);
  }
  check(await page.locator('#by-level svg.chart rect.bar').count() >= store.levels.length, 'bars drawn per level');
  check(await page.locator('#trend svg.chart polygon.area').count() >= 1, 'trend drawn from the snapshots');
  check(await page.locator('#outcomes tr[data-level="0"]').count() === 1, 'what each level achieves');
  await page.screenshot({ path: path.join(outDir, 'dashboard-laptop.png'), fullPage: true });

  // Pause a customer through the page; the audit log says who did it.
  await page.goto(`${url}invoice?number=F-2026-0103`);
  const pause = page.locator('form[action="/actions/pause"]');
  await pause.locator('input[name="reason"]').fill('négociation en cours');
  await Promise.all([page.waitForURL(/flash=pause/, { timeout: 10000 }).catch(async (e) => {
    await page.screenshot({ path: path.join(outDir, 'failed-pause.png') });
    console.error(await page.content());
    throw e;
  }), pause.locator('button[type="submit"]').click()]);
  check((await page.locator('.flash').innerText()).includes('C-002'), 'the page says the customer is paused');
  check(await page.locator('form[action="/actions/resume"]').count() === 1, 'the customer can be resumed now');
  await page.goto(`${url}audit`);
  const audit = page.locator('#audit tbody tr').first();
  const auditText = await audit.innerText();
  check(auditText.includes('pause') && auditText.includes('web:local') && auditText.includes('customer csv/C-002: négociation en cours'),
        `audit log: ${auditText.replace(/\s+/g, ' ')}`);

  // English.
  await page.goto(url);
  await page.locator('a.lang[hreflang="en"]').click();
  check((await page.locator('h1').innerText()).trim() === 'Dashboard', 'switched to English');
  check((await page.locator('[data-figure="total-unpaid"] .v').innerText()).startsWith('€'), 'amounts in English style');
  await page.goto(`${url}invoices`);
  check((await page.locator('h1').innerText()).trim() === 'Overdue invoices', 'English kept from page to page');

  // Phone width: everything in one column, no horizontal scrolling of the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${url}?lang=fr`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scroll at 390 px (overflow ${overflow})`);
  await page.screenshot({ path: path.join(outDir, 'dashboard-phone.png'), fullPage: true });
  check(errors.length === 0, `no console error (${errors.join(' | ')})`);
  console.log(`screenshots: ${outDir}/dashboard-laptop.png, ${outDir}/dashboard-phone.png`);
} finally {
  await browser.close();
  server.stdin.end();
  fs.rmSync(dir, { recursive: true, force: true });
}
