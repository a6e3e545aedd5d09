import { test, expect, Page } from '@playwright/test';
import { addStaff, applyOnce, expectNoViolations, hydrated, signInStaff, signOut } from './helpers';

// Dispatch, for administrators: a department's receiver is set with a plain form whose refusals
// are said beside the fields (with and without JavaScript), and nobody else may open the page.
// The test server retries quickly and gives up after two attempts (YIJIAN_DISPATCH_* in
// playwright.config.ts), so a dead letter appears within seconds instead of hours.

// 40 characters: above the 32 the server asks for.
const SECRET = 'e2e-receiver-secret-0123456789abcdefghij';
const URL_OK = 'http://127.0.0.1:9/parts';

/** The receiver form's controls, by their visible labels. */
function form(page: Page) {
  return {
    department: page.getByRole('combobox', { name: /^部门/ }),
    url: page.getByRole('textbox', { name: /^接收地址/ }),
    secret: page.getByLabel(/^共享密钥/),
    active: page.getByRole('checkbox', { name: /^启用/ }),
    save: page.getByRole('button', { name: /^保存接收端/ }),
  };
}

test('an administrator sets a department’s receiver; refused fields are explained beside them', async ({ page, browser, baseURL }) => {
  expect(SECRET).toHaveLength(40);
  // From the staff desk, where only administrators get the link.
  await signInStaff(page, addStaff('admin'));
  await page.getByRole('link', { name: /^投递/ }).click();
  await expect(page).toHaveURL(/\/staff\/dispatch$/);
  await expect(page.getByRole('heading', { name: /投递/, level: 1 })).toBeVisible();
  await expect(page.getByTestId('dispatch-counts')).toContainText('已送达');
  await expect(page.locator('#dead-letters')).toBeVisible();
  await expectNoViolations(page, 'dispatch');

  // An address over plain http to another machine and a short secret: both refused, each said
  // beside its field, what was typed kept (never the secret).
  let f = form(page);
  await f.department.selectOption('hrss');
  await f.url.fill('http://example.com');
  await f.secret.fill('too-short');
  await f.save.click();
  await expect(page).toHaveURL(/\/staff\/dispatch\?errors=/);
  await expect(page.getByTestId('receiver-errors')).toBeVisible();
  await expect(page.locator('#url-error')).toContainText('请填写以 https:// 开头的接收地址');
  await expect(page.locator('#secret-error')).toContainText('共享密钥至少32个字符');
  await expect(page.locator('#department-error')).toBeEmpty();
  f = form(page);
  await expect(f.url).toHaveValue('http://example.com');
  await expect(f.url).toHaveAttribute('aria-invalid', 'true');
  await expect(f.secret).toHaveAttribute('aria-invalid', 'true');
  await expect(f.secret).toHaveValue('');
  await expect(f.department).toHaveValue('hrss');
  await expect(f.active).toBeChecked();
  await expectNoViolations(page, 'dispatch, a refused receiver');

  // Put right: saved, said so, and listed.
  await f.url.fill(URL_OK);
  await f.secret.fill(SECRET);
  await f.save.click();
  await expect(page).toHaveURL(/\/staff\/dispatch\?saved=hrss/);
  await expect(page.getByTestId('receiver-saved')).toBeVisible();
  const row = page.locator('[data-testid=receiver][data-department=hrss]');
  await expect(row).toContainText(URL_OK);
  await expect(row).toContainText('启用');
  // The secret is never shown again, nor put in a link.
  await expect(page.locator('body')).not.toContainText(SECRET);
  expect(page.url()).not.toContain(SECRET);
  await expectNoViolations(page, 'dispatch, a receiver saved');

  // The same form without JavaScript: a refusal, then a change that keeps the secret (left
  // empty) and switches the receiver off, so later tests' parts are not retried against it.
  const plain = await browser.newContext({
    baseURL,
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const noScript = await plain.newPage();
  await noScript.goto('/staff/dispatch');
  const g = form(noScript);
  await g.department.selectOption('hrss');
  await g.url.fill('ftp://127.0.0.1/parts');
  await g.save.click();
  await expect(noScript).toHaveURL(/\/staff\/dispatch\?errors=url&/);
  await expect(noScript.locator('#url-error')).toContainText('请填写以 https:// 开头的接收地址');
  // Empty secret on an existing receiver: kept, so no message for it.
  await expect(noScript.locator('#secret-error')).toBeEmpty();
  await expect(g.url).toHaveValue('ftp://127.0.0.1/parts');
  await g.url.fill(URL_OK);
  await g.active.uncheck();
  await g.save.click();
  await expect(noScript).toHaveURL(/\/staff\/dispatch\?saved=hrss/);
  const offRow = noScript.locator('[data-testid=receiver][data-department=hrss]');
  await expect(offRow).toContainText('停用');
  // "Change" fills the form with the receiver as it is (the secret stays empty).
  await offRow.getByRole('link', { name: /修改/ }).click();
  await expect(g.department).toHaveValue('hrss');
  await expect(g.url).toHaveValue(URL_OK);
  await expect(g.active).not.toBeChecked();
  await plain.close();
});

test('a reviewer can neither open dispatch nor change a receiver', async ({ page }) => {
  await signInStaff(page, addStaff('reviewer', 'hrss'), '/departments/hrss');
  // No link on their desk.
  await page.goto('/staff');
  await expect(page.getByTestId('staff-who')).toBeVisible();
  await expect(page.getByRole('link', { name: /^投递/ })).toHaveCount(0);
  // Nor by URL.
  const refused = await page.goto('/staff/dispatch');
  expect(refused?.status()).toBe(403);
  await expect(page.getByText('您无权查看此页面')).toBeVisible();
  await expect(page.locator('#receiver-form')).toHaveCount(0);
  // Nor by posting the form directly.
  const post = await page.request.post('/staff/dispatch/receivers', {
    form: { department: 'hrss', url: 'https://evil.example/parts', secret: SECRET, active: 'on' },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);
});

test('a part its department’s system never takes: the citizen is told of the delay, an administrator sends it again', async ({ page }) => {
  // The benefit office's system is set to an address where nothing listens.
  await signInStaff(page, addStaff('admin'), '/staff/dispatch');
  let f = form(page);
  await f.department.selectOption('hrss');
  await f.url.fill(URL_OK);
  await f.secret.fill(SECRET);
  if (!(await f.active.isChecked())) await f.active.check();
  await f.save.click();
  await expect(page).toHaveURL(/\/staff\/dispatch\?saved=hrss/);
  await signOut(page);

  // A citizen applies for one item of that department.
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel(/失业保险金申领/).first().check();
  await page.getByRole('button', { name: /下一步/ }).click();
  await hydrated(page);
  const number = await applyOnce(page);

  // Tracking says the part has not reached the department, and once it is given up on, that
  // staff are handling the delay: never that it was received.
  await page.goto(`/track/${number}`);
  const delivery = page.getByTestId('delivery');
  await expect(delivery).toHaveAttribute('data-delivery', /^(sending|delayed)$/);
  await expect(async () => {
    await page.reload();
    await expect(delivery).toHaveAttribute('data-delivery', 'delayed', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(delivery).toContainText('送达部门系统延迟，工作人员正在处理');
  await expectNoViolations(page, 'tracking, a delayed delivery');

  // The administrator finds it among the dead letters, with the last error, and sends it again.
  await signInStaff(page, addStaff('admin'), '/staff/dispatch');
  const letter = page.getByTestId('dead-letter').filter({ hasText: number });
  await expect(letter).toHaveCount(1);
  await expect(letter.locator('td').first()).toContainText('2');
  await expect(letter.locator('td.long')).not.toBeEmpty();
  await expectNoViolations(page, 'dispatch, a dead letter');
  await letter.getByRole('button', { name: /重新投递/ }).click();
  await expect(page).toHaveURL(/\/staff\/dispatch\?redelivered=/);
  await expect(page.getByTestId('redelivered')).toBeVisible();
  await expect(page.getByTestId('redelivered')).toContainText(number);
  await expectNoViolations(page, 'dispatch, sent again');
  // Switched off again, so later tests' parts stay in the product's own queue.
  f = form(page);
  await f.department.selectOption('hrss');
  await f.url.fill(URL_OK);
  await f.active.uncheck();
  await f.save.click();
  await expect(page).toHaveURL(/\/staff\/dispatch\?saved=hrss/);
});
