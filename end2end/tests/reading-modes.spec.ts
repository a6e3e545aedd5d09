import { test, expect, Page, TestInfo } from '@playwright/test';
import { continueToMaterials, expectNoViolations, fillMergedForm, hydrated, submitFromReview, uploadEveryMaterial } from './helpers';

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
