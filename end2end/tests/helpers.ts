import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'child_process';
import * as path from 'path';

/** Valid answers by field key; anything else gets a plain value by input type. */
export const VALID: Record<string, string> = {
  name: '张三丰',
  id_number: '11010519491231002X',
  phone: '13800138000',
  bank_account: '4111111111111111',
  bank_name: '中国工商银行中山分行',
  employer_credit_code: '91350100M000100Y43',
  business_credit_code: '91350100M000100Y43',
  credit_code: '91350100M000100Y43',
  postcode: '528400',
  address: '广东省中山市东区中山四路1号',
  mother_id_number: '110105199003070180',
  father_id_number: '11010519491231002X',
  excavation_area: '12',
  floor_area: '80',
  seating_capacity: '20',
  medical_expense_amount: '1200',
};

/**
 * Waits until the WebAssembly runs and every island on the page (the interactive parts: picker,
 * form, file checks) handles input, so clicks and typing are handled in the browser.
 */
export async function hydrated(page: Page) {
  await page.waitForFunction(
    () => (window as any).__yijian_hydrated === true &&
      ((window as any).__yijian_islands_live ?? 0) >= document.querySelectorAll('leptos-island').length,
    null,
    { timeout: 30_000 },
  );
}

/** An ISO date this many days from today (negative: before), as the server's clock sees it. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Fills every shown question of the merged form with a valid answer (`overrides` first). On a
 * phone, once interactive, the form shows one section per screen: fill it, then "Next section".
 */
export async function fillMergedForm(page: Page, overrides: Record<string, string> = {}) {
  const form = page.locator('form.merged-form');
  for (let screen = 0; screen < 80; screen++) {
    const controls = form.locator('input[name^="answers["]:not([type=radio]):not([readonly]):visible, textarea[name^="answers["]:visible, select[name^="answers["]:not([disabled]):visible');
    const count = await controls.count();
    for (let i = 0; i < count; i++) {
      const control = controls.nth(i);
      const name = (await control.getAttribute('name')) ?? '';
      const key = name.replace(/^answers\[/, '').replace(/\]$/, '');
      const tag = await control.evaluate((el) => el.tagName.toLowerCase());
      const type = (await control.getAttribute('type')) ?? '';
      if (tag === 'select') {
        const values = await control.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v));
        await control.selectOption(overrides[key] ?? values[0]);
      } else if (type === 'date') {
        // Planned dates (a start of works, its completion) after today; others before it.
        await control.fill(overrides[key] ?? (key.includes('end') ? daysFromToday(60) : key.includes('start') ? daysFromToday(7) : daysFromToday(-30)));
      } else if (!(key in VALID) && !(key in overrides) && ['numeric', 'decimal'].includes((await control.getAttribute('inputmode')) ?? '')) {
        // A number the catalog did not name (the synthetic city-scale catalog's fields).
        await control.fill('50');
      } else {
        await control.fill(overrides[key] ?? VALID[key] ?? (tag === 'textarea' ? '在厂区二号车间操作冲压机时右手受伤，当日由同事送医院急诊救治。' : '测试内容'));
      }
    }
    // Situational questions left unanswered are answered no (no items added).
    const questions = form.locator('fieldset:has(input[type=radio][value=no]):visible');
    for (let i = 0; i < (await questions.count()); i++) {
      const question = questions.nth(i);
      if ((await question.locator('input[type=radio]:checked').count()) === 0) await question.getByLabel('否').check();
    }
    const next = form.locator('.next-section:visible');
    if ((await next.count()) === 0) return;
    await next.first().click();
  }
}

export async function expectApplicationNumber(page: Page): Promise<string> {
  const number = page.getByTestId('application-number');
  await expect(number).toHaveText(/^YJ-\d{8}-[0-9A-Z]{10}$/);
  return (await number.textContent()) ?? '';
}

/** Step 1 → 2: the form is saved on the server and the materials page opens. */
export async function continueToMaterials(page: Page) {
  await page.getByRole('button', { name: /保存并继续/ }).click();
  await expect(page).toHaveURL(/\/apply\/materials\?draft=/);
  await expect(page.getByRole('heading', { name: /上传材料/ })).toBeVisible();
  // A new page: its islands (the file checks) come to life once the WebAssembly has run.
  await hydrated(page);
}

/** A tiny file that is a PNG by its bytes, distinct per label. */
export function png(label: string) {
  return { name: `${label}.png`, mimeType: 'image/png', buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(label)]) };
}

/** Step 2 → 3: a photo for every material still to hand in, then the review page. */
export async function uploadEveryMaterial(page: Page) {
  const inputs = page.locator('input[type=file][name^="material:"]');
  const count = await inputs.count();
  for (let i = 0; i < count; i++) {
    const name = (await inputs.nth(i).getAttribute('name')) ?? `file${i}`;
    await inputs.nth(i).setInputFiles(png(name.replace('material:', '')));
  }
  await page.getByRole('button', { name: /上传并继续/ }).click();
  await expect(page).toHaveURL(/\/apply\/review\?draft=/);
  await expect(page.getByRole('heading', { name: /核对并提交/ })).toBeVisible();
}

/** Step 3: submit once and land on the receipt. */
export async function submitFromReview(page: Page) {
  await page.getByRole('button', { name: /提交申请/ }).click();
  await expect(page).toHaveURL(/\/receipt\/YJ-/);
}

/** The whole journey from a form page: every question, every document, submitted once. */
export async function applyOnce(page: Page): Promise<string> {
  await fillMergedForm(page);
  await continueToMaterials(page);
  await uploadEveryMaterial(page);
  await submitFromReview(page);
  return expectApplicationNumber(page);
}

/** Signs in through the development identity service: mobile number, then the code shown. */
export async function signInByPhone(page: Page, phone: string) {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: /^手机号码/ }).fill(phone);
  await page.getByRole('button', { name: /获取验证码/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/verify/);
  const code = (await page.getByTestId('development-code').locator('strong').textContent()) ?? '';
  await page.getByLabel(/6位验证码/).fill(code);
  await page.getByRole('button', { name: /^登录/ }).click();
  await expect(page).toHaveURL(/\/$/);
}

export const STAFF_PASSWORD = 'a long e2e test password';

/**
 * Adds a staff account the way an operator does on the server (`server staff add`), against
 * the test server's own database (or the city-scale server's, given its `dataDir`). Usernames
 * are made unique per call.
 */
export function addStaff(role: string, department?: string, dataDir = process.env.E2E_DATA_DIR): string {
  const username = `${role.replace('_', '')}${Math.floor(Math.random() * 1e9)}`;
  const root = path.resolve(__dirname, '..', '..');
  const bin = process.env.SERVER_BIN ??
    path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'release', 'server');
  const args = ['staff', 'add', '--username', username, '--name', `测试${role}`, '--role', role];
  if (department) args.push('--department', department);
  execFileSync(bin, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', YIJIAN_STAFF_PASSWORD: STAFF_PASSWORD, RUST_LOG: 'error' },
    stdio: 'pipe',
  });
  return username;
}

/** Signs in on the staff sign-in page, coming back to `next`. */
export async function signInStaff(page: Page, username: string, next = '/staff') {
  await page.goto(`/staff/sign-in?next=${encodeURIComponent(next)}`);
  // In whichever language the page is in.
  await page.getByLabel(/^(用户名|Username)/).fill(username);
  await page.getByLabel(/^(密码|Password)/).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: /^(登录|Sign in)/ }).click();
  await expect(page).toHaveURL(new RegExp(next.replace(/[/?]/g, '\\$&') + '$'));
}

/** The demo person's sign-in: a session of its own each time. */
export async function signInAsDemo(page: Page, name: string) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: new RegExp(`以“${name}”身份办理`) }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Signs out from the masthead. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/\?signed_out=1$/);
}

/** WCAG 2.1 A and AA rules; any violation fails, with the rule and the elements named. */
export async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${what} has accessibility violations`).toEqual([]);
  // Mobile first: nothing wider than the screen (a phone would zoom out and targets shrink).
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${what} is wider than the screen`).toBeLessThanOrEqual(width);
}
