// Drives the gateway's /demo/ page in Debian's headless chromium (playwright-core, no bundled browser).
// Env: SYNCKAIROS_BASE_URL, SYNCKAIROS_SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
// Two browser contexts (two "devices"; the second with its clock 5 s fast) open one session; both must
// show the same remaining time within 50 ms and both must flip on a switch. Prints result lines; exit 0 = pass.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.SYNCKAIROS_BASE_URL.replace(/\/$/, '');
const shots = process.env.SYNCKAIROS_SCREENSHOT_DIR ?? '.';
const say = (...p) => process.stdout.write(p.join(' ') + '\n');
const fail = (why) => {
  say('FAIL', why);
  process.exitCode = 1;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const pages = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ viewport: { width: 900, height: 520 } });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && say('CONSOLE', i, m.text()));
    page.on('pageerror', (e) => say('PAGEERROR', i, e.message));
    pages.push(page);
  }
  const [a, b] = pages;

  await a.goto(`${base}/demo/`);
  await a.getByTestId('create').click();
  await a.waitForFunction(() => location.hash.length > 1);
  const sessionId = await a.evaluate(() => location.hash.slice(1));
  say('SESSION', sessionId);
  await b.goto(`${base}/demo/?shift=5000#${sessionId}`);

  // On a timeout, say what the page had got so far (state version, offset source, watch status).
  const waitFor = async (page, index, what, fn) => {
    try {
      await page.waitForFunction(fn, null, { timeout: 30_000 });
    } catch (error) {
      const seen = await page.evaluate(() => JSON.stringify({ ...window.synckairosDemo?.probe(), view: undefined, watch: window.synckairosDemo?.watchStatus?.() }));
      say('WAITED', index, what, seen);
      throw error;
    }
  };
  for (const [index, page] of pages.entries()) {
    await waitFor(page, index, 'version 1', () => window.synckairosDemo?.probe().version === 1);
    await waitFor(page, index, 'socket offset', () => window.synckairosDemo.probe().offset?.source === 'ws');
  }
  const offsets = await Promise.all(pages.map((p) => p.evaluate(() => window.synckairosDemo.probe().offset)));
  say('OFFSETS', ...offsets.map((o) => `${o.offsetMs.toFixed(1)}±${o.errorMs.toFixed(1)}`));
  // Each page states how far off its own offset can be (half its best round trip); on a loaded machine that is
  // more than a quiet one's 20 ms, so the shift must be found within what the two pages claim, and the claims
  // themselves must stay small enough to be useful.
  const claimed = Math.max(20, offsets[0].errorMs + offsets[1].errorMs);
  if (claimed > 250) fail(`the pages could not measure their offsets closer than ${claimed} ms`);
  if (Math.abs(offsets[1].offsetMs - offsets[0].offsetMs + 5000) > claimed) fail('the shifted page did not measure its 5 s shift');
  const tolerance = Math.max(50, claimed + 30);

  await a.getByTestId('start').click();
  for (const page of pages) await page.waitForFunction(() => window.synckairosDemo.probe().view?.status === 'running');

  // The same instant on both screens: remaining + real clock is constant while a clock runs.
  const agree = async (index) => {
    let worst = 0;
    for (let round = 0; round < 5; round++) {
      const probes = await Promise.all(pages.map((p) => p.evaluate(() => window.synckairosDemo.probe())));
      const [x, y] = probes.map((p) => p.view.participants[index].remainingMs + p.realNow);
      worst = Math.max(worst, Math.abs(x - y));
    }
    return worst;
  };
  const before = await agree(0);
  say('AGREE participant 0 worst diff ms', before.toFixed(1));
  if (before > tolerance) fail(`screens disagree by ${before} ms (tolerance ${tolerance} ms)`);
  const shown = await Promise.all(pages.map((p) => p.locator('.clock[data-index="0"] .time').textContent()));
  say('SHOWN', ...shown);

  const pressed = Date.now();
  await b.getByTestId('switch').click();
  await Promise.all(pages.map((p) => p.locator('.clock[data-index="1"].active').waitFor({ timeout: 10_000 })));
  say('FLIP both screens ms', Date.now() - pressed);
  const after = await agree(1);
  say('AGREE participant 1 worst diff ms', after.toFixed(1));
  if (after > tolerance) fail(`screens disagree after the switch by ${after} ms (tolerance ${tolerance} ms)`);
  const stopped = await Promise.all(pages.map((p) => p.evaluate(() => window.synckairosDemo.probe().view.participants[0].remainingMs)));
  say('STOPPED participant 0', ...stopped);
  if (stopped[0] !== stopped[1]) fail('the stopped clock differs between screens');

  mkdirSync(shots, { recursive: true });
  for (let i = 0; i < 2; i++) {
    const file = join(shots, `demo-page-${i + 1}.png`);
    await pages[i].screenshot({ path: file });
    say('SCREENSHOT', file);
  }
  if (!process.exitCode) say('PASS');
} catch (error) {
  fail(error?.stack ?? String(error));
} finally {
  await browser.close();
}
