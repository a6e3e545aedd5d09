import { test, expect, Page, TestInfo } from '@playwright/test';
import { continueToMaterials, expectApplicationNumber, expectNoViolations, fillMergedForm, hydrated, signInAsDemo, submitFromReview, uploadEveryMaterial } from './helpers';

// How a page reads: Chinese, English, and the elder-friendly mode (关怀模式), each chosen on any
// page and remembered. Every journey page passes axe in each, fits a 320 px screen, and the form,
// check-your-answers and receipt are kept as screenshots at phone width.

type Mode = { name: string; cookies: { name: string; value: string }[]; continueLabel: RegExp; uploadLabel: RegExp; submitLabel: RegExp };
const MODES: Mode[] = [
  { name: 'zh', cookies: [], continueLabel: /保存并继续/, uploadLabel: /上传并继续/, submitLabel: /提交申请/ },
  { name: 'en', cookies: [{ name: 'lang', value: 'en' }], continueLabel: /Save and continue/, uploadLabel: /Upload and continue/, submitLabel: /Submit/ },
  { name: 'care', cookies: [{ name: 'care', value: '1' }], continueLabel: /保存并继续/, uploadLabel: /上传并继续/, submitLabel: /提交申请/ },
];

async function keep(page: Page, info: TestInfo, name: string) {
  // Written beside the test's other results (end2end/test-results/…), kept after the run.
  const path = info.outputPath(name);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

for (const mode of MODES) {
  test(`the journey in ${mode.name}: axe on every page, 320 px wide, screenshots kept`, async ({ page, context }, info) => {
    test.skip(info.project.name !== 'phone', 'screenshots at phone width');
    await page.goto('/');
    await context.addCookies(mode.cookies.map((c) => ({ ...c, url: page.url() })));
    await page.goto('/');
    await expectNoViolations(page, `${mode.name} home`);
    await page.goto('/apply?items=unemployment_registration');
    await hydrated(page);
    await fillMergedForm(page, { name: '陈小明' });
    await expectNoViolations(page, `${mode.name} form`);
    await keep(page, info, `${mode.name}-form.png`);
    await page.getByRole('button', { name: mode.continueLabel }).click();
    await expect(page).toHaveURL(/\/apply\/materials/);
    await hydrated(page);
    const inputs = page.locator('input[type=file][name^="material:"]');
    for (let i = 0; i < (await inputs.count()); i++) {
      const name = (await inputs.nth(i).getAttribute('name')) ?? `file${i}`;
      await inputs.nth(i).setInputFiles({ name: `${name.replace('material:', '')}.png`, mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, i]) });
    }
    await expectNoViolations(page, `${mode.name} materials`);
    await page.getByRole('button', { name: mode.uploadLabel }).click();
    await expect(page).toHaveURL(/\/apply\/review/);
    await expectNoViolations(page, `${mode.name} check your answers`);
    await keep(page, info, `${mode.name}-check-your-answers.png`);
    await page.getByRole('button', { name: mode.submitLabel }).click();
    await expect(page).toHaveURL(/\/receipt\/YJ-/);
    await expectNoViolations(page, `${mode.name} receipt`);
    await keep(page, info, `${mode.name}-receipt.png`);
    // The narrowest phones and 200% zoom (a 640 px window at 200% lays out as 320 px).
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of [page.url(), '/', '/apply?items=unemployment_registration&items=work_injury_rehab', '/track']) {
      await page.goto(path);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${mode.name} ${path} at 320 px`).toBeLessThanOrEqual(320);
    }
  });
}

// Signed in, a person's own pages: their applications and notices on the home page, the form
// with what the identity service vouched for, their receipt and tracking.
for (const mode of MODES) {
  test(`signed in, in ${mode.name}: the person's own pages pass axe and fit 320 px`, async ({ page, context }, info) => {
    test.skip(info.project.name !== 'phone', 'at phone width');
    await signInAsDemo(page, '李明');
    await page.goto('/apply?items=unemployment_registration');
    await hydrated(page);
    await fillMergedForm(page, { name: '李明', id_number: '442000198503120312', phone: '13800138001' });
    await continueToMaterials(page);
    await uploadEveryMaterial(page);
    await submitFromReview(page);
    const number = await expectApplicationNumber(page);
    await context.addCookies(mode.cookies.map((c) => ({ ...c, url: page.url() })));
    await page.setViewportSize({ width: 320, height: 640 });
    for (const [path, what] of [
      ['/', 'home'],
      ['/apply?items=work_injury_rehab', 'form'],
      [`/receipt/${number}`, 'receipt'],
      [`/track/${number}`, 'tracking'],
    ]) {
      await page.goto(path);
      await expect(page.getByTestId('applicant').or(page.locator('main')).first()).toBeVisible();
      await expectNoViolations(page, `${mode.name} signed in: ${what}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${mode.name} signed in: ${what} at 320 px`).toBeLessThanOrEqual(320);
    }
    await page.goto('/');
    await expect(page.getByTestId('my-applications')).toContainText(number);
    await keep(page, info, `${mode.name}-signed-in-home.png`);
  });
}

// WCAG 1.4.4: text alone enlarged to 200% (as a browser's text-size setting does) on a desktop
// window: nothing needs sideways scrolling and no text is cut off by its box.
test('with text at 200% every kind of page still fits and shows all its text', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'a desktop window');
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const path of ['/', '/apply?items=unemployment_registration&items=work_injury_rehab', '/track', '/sign-in', '/staff/sign-in', '/resume']) {
    await page.goto(path);
    const size = () => page.locator('main p, main label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    expect(await size(), `${path}: the text did grow`).toBeGreaterThanOrEqual(before * 1.9);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide, `${path} at 200% text`).toBeLessThanOrEqual(1280);
    const clipped = await page.evaluate(() => [...document.querySelectorAll('main *')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.visually-hidden'))
      .filter((el) => { const s = getComputedStyle(el); return (s.overflowX === 'hidden' || s.overflow === 'hidden') && el.scrollWidth > el.clientWidth + 1; })
      .map((el) => el.outerHTML.slice(0, 80)));
    expect(clipped, `${path}: text cut off at 200%`).toEqual([]);
  }
});

test('the elder-friendly mode is chosen on any page, remembered, and makes everything larger', async ({ page }) => {
  await page.goto('/track');
  await page.getByRole('link', { name: '关怀模式' }).click();
  await expect(page).toHaveURL(/\/track$/);
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  await page.goto('/apply?items=unemployment_registration');
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  const px = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await px('body')).toBeGreaterThanOrEqual(18);
  expect(await px('form.merged-form input[type=text]')).toBeGreaterThanOrEqual(22);
  // No text on the page is smaller than 18 px, hints included.
  const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('main *')]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
    .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.visually-hidden'))
    .map((el) => parseFloat(getComputedStyle(el).fontSize))));
  expect(smallest).toBeGreaterThanOrEqual(18);
  await page.getByRole('button', { name: '标准版' }).click();
  await expect(page.locator('html')).not.toHaveClass(/\bcare\b/);
  expect(await px('body')).toBeLessThan(18);
});

test('in the elder-friendly mode a phone asks one question per screen', async ({ page, context }, info) => {
  test.skip(info.project.name !== 'phone', 'one question per screen is for phones');
  await page.goto('/');
  await context.addCookies([{ name: 'care', value: '1', url: page.url() }]);
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  const questions = page.locator('form.merged-form .form-section.current .field');
  await expect(questions).toHaveCount(1);
  await expect(page.locator('form.merged-form .field:visible')).toHaveCount(1);
  await page.locator('.next-section:visible').click();
  await expect(questions).toHaveCount(1);
  await expect(page.locator('.form-section.current legend')).toContainText('第2题');
});

// The masthead's switches on the form page are buttons of the form: the server keeps what was
// typed (the ID number too) and shows the form again, read the other way.
const SWITCHES = [
  { button: 'English', switched: async (page: Page) => expect(page.locator('html')).toHaveAttribute('lang', 'en'), address: /^Registered household address/, id: /^Resident ID number/ },
  { button: '关怀模式', switched: async (page: Page) => expect(page.locator('html')).toHaveClass(/\bcare\b/), address: /^户籍地址/, id: /^公民身份号码/ },
];

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });
    for (const to of SWITCHES) {
      test(`pressing “${to.button}” on the form keeps what was typed`, async ({ page }) => {
        await page.goto('/apply?items=unemployment_registration');
        if (javaScriptEnabled) await hydrated(page);
        await page.getByLabel(/^户籍地址/).fill('中山市石岐区孙文中路8号');
        await page.getByLabel(/^公民身份号码/).fill('442000198503120312');
        await page.getByRole('button', { name: to.button }).click();
        await to.switched(page);
        if (javaScriptEnabled) await hydrated(page);
        await expect(page.getByLabel(to.address)).toHaveValue('中山市石岐区孙文中路8号');
        await expect(page.getByLabel(to.id)).toHaveValue('442000198503120312');
      });
    }
  });
}

// Reading aloud (朗读) in the elder-friendly mode. The browser's speech synthesis is replaced by
// a recorder (a test machine has no voices): what the page hands it — the text, its language and
// pace — is what is checked, and the recorder's `end` event is what a voice finishing sends.
function recordSpeech() {
  const w = window as any;
  w.__spoken = [];
  w.__cancelled = 0;
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: {
      speak(u: any) { w.__spoken.push(u); },
      cancel() { w.__cancelled += 1; },
    },
  });
}
const spoken = (page: Page) => page.evaluate(() => (window as any).__spoken.map((u: any) => ({ text: u.text, lang: u.lang, rate: u.rate })));

test('in the elder-friendly mode the page is read aloud in its own language, and stops when asked', async ({ page, context }) => {
  await page.addInitScript(recordSpeech);
  await page.goto('/track');
  await hydrated(page);
  await expect(page.getByTestId('read-aloud'), 'only offered in the mode').toHaveCount(0);
  await context.addCookies([{ name: 'care', value: '1', url: page.url() }]);
  await page.goto('/track');
  await hydrated(page);
  const read = page.getByRole('button', { name: '朗读本页' });
  const stop = page.getByRole('button', { name: '停止朗读' });
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  await read.click();
  await expect(stop).toHaveAttribute('aria-pressed', 'true');
  const said = await spoken(page);
  const all = said.map((s: any) => s.text).join('');
  expect(all).toContain(await page.locator('main h1').innerText());
  expect(all, 'the main content only, not the masthead').not.toContain('跳到正文');
  expect(said.every((s: any) => s.lang === 'zh-CN' && s.rate < 1)).toBe(true);
  // Stopped by the reader: speech cancelled, the button back.
  await stop.click();
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => (window as any).__cancelled)).toBeGreaterThan(0);
  // Read to the end: the last piece's end gives the button back.
  await read.click();
  await expect(stop).toBeVisible();
  await page.evaluate(() => { const s = (window as any).__spoken; s[s.length - 1].dispatchEvent(new Event('end')); });
  await expect(read).toBeVisible();
  // What the reader selected is read instead of the whole page.
  await page.evaluate(() => {
    (window as any).__spoken = [];
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('main h1')!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
  await read.focus();
  await page.keyboard.press('Enter');
  expect((await spoken(page)).map((s: any) => s.text)).toEqual([await page.locator('main h1').innerText()]);
  // In English, in English.
  await context.addCookies([{ name: 'lang', value: 'en', url: page.url() }]);
  await page.goto('/track');
  await hydrated(page);
  await page.getByRole('button', { name: 'Read aloud' }).click();
  const english = await spoken(page);
  expect(english.length).toBeGreaterThan(0);
  expect(english.every((s: any) => s.lang === 'en')).toBe(true);
});

test('reading aloud is not offered where it cannot work: no speech synthesis, or no JavaScript', async ({ browser, baseURL }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.addCookies([{ name: 'care', value: '1', url: baseURL! }]);
    const page = await context.newPage();
    await page.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: undefined }));
    await page.goto(`${baseURL}/track`);
    if (javaScriptEnabled) await hydrated(page);
    await expect(page.locator('html')).toHaveClass(/\bcare\b/);
    await expect(page.getByTestId('read-aloud')).toHaveCount(1);
    await expect(page.getByTestId('read-aloud')).toBeHidden();
    await context.close();
  }
});
