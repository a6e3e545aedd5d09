import { test, expect } from '@playwright/test';
import { addStaff, applyOnce, continueToMaterials, expectApplicationNumber, fillMergedForm, hydrated, signInAsDemo, signInStaff, signOut, submitFromReview, uploadEveryMaterial } from './helpers';

// Who may see what, tried by URL as a curious person would: the server decides, and says so
// clearly.

test('a reviewer of one department cannot open another department by URL', async ({ page }) => {
  await signInStaff(page, addStaff('reviewer', 'hrss'), '/departments/hrss');
  await expect(page.getByRole('heading', { name: /分送到本部门的申请/ })).toBeVisible();
  const refused = await page.goto('/departments/police');
  expect(refused?.status()).toBe(403);
  await expect(page.getByText('您无权查看此页面')).toBeVisible();
  await expect(page.getByRole('heading', { name: /分送到本部门的申请/ })).toHaveCount(0);
  // In the reader's language, one at a time.
  await expect(page.getByText('You are not allowed to see this page')).toHaveCount(0);
  await page.context().addCookies([{ name: 'lang', value: 'en', url: page.url() }]);
  await page.reload();
  await expect(page.getByText('You are not allowed to see this page')).toBeVisible();
  await expect(page.getByText('您无权查看此页面')).toHaveCount(0);
});

test('a stranger opening a department queue is asked to sign in and comes back', async ({ page }) => {
  const reviewer = addStaff('reviewer', 'urban_management');
  await page.goto('/departments/urban_management');
  await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fdepartments%2Furban_management/);
  await page.getByLabel(/^用户名/).fill(reviewer);
  await page.getByLabel(/^密码/).fill('a long e2e test password');
  await page.getByRole('button', { name: /^登录/ }).click();
  await expect(page).toHaveURL(/\/departments\/urban_management$/);
});

test('a citizen cannot open another citizen’s receipt by URL', async ({ page, browser }) => {
  await signInAsDemo(page, '李明');
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  await fillMergedForm(page, { name: '李明', id_number: '442000198503120312', phone: '13800138001' });
  await continueToMaterials(page);
  await page.getByRole('button', { name: /上传并继续/ }).click();
  await expect(page).toHaveURL(/\/apply\/review/);
  await submitFromReview(page);
  const number = await expectApplicationNumber(page);
  const receipt = page.url();

  const other = await browser.newContext();
  const someone = await other.newPage();
  await signInAsDemo(someone, '王芳');
  const refused = await someone.goto(receipt);
  expect(refused?.status()).toBe(403);
  await expect(someone.getByText('您无权查看此页面')).toBeVisible();
  await expect(someone.getByText(number)).toHaveCount(0);
  // Tracking by number shows status only, to anyone who has it.
  await someone.goto(`/track/${number}`);
  await expect(someone.getByTestId('part')).toHaveCount(1);
  await expect(someone.getByText('李明')).toHaveCount(0);
  await other.close();
});

test('after sign-out the form on this device shows nothing of the previous person', async ({ page }) => {
  await signInAsDemo(page, '李明');
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  await expect(page.getByLabel(/^姓名/)).toHaveValue('李明');
  await page.getByLabel(/^户籍地址/).fill('中山市石岐区孙文中路8号');
  await page.getByLabel(/^户籍地址/).blur();
  const before = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yijian:answers:')).length);
  expect(before).toBeGreaterThan(0);
  await signOut(page);
  // The sign-out reply had the browser drop what it kept for this site.
  const after = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yijian:answers:')).length);
  expect(after).toBe(0);
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  await expect(page.getByLabel(/^姓名/)).toHaveValue('');
  await expect(page.getByLabel(/^户籍地址/)).toHaveValue('');
});

test('a reviewer cannot open another department’s part by URL, and sees the clear page', async ({ page, browser, baseURL }) => {
  // A citizen applies for an 人社 item; the part goes to 人社 only.
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  const number = await applyOnce(page);

  // 人社's reviewer finds it in the queue: that is the part's address.
  const own = await browser.newContext({ baseURL });
  const hrss = await own.newPage();
  await signInStaff(hrss, addStaff('reviewer', 'hrss'), '/departments/hrss');
  await hrss.getByRole('link', { name: number }).click();
  await expect(hrss).toHaveURL(/\/staff\/parts\/YJ-/);
  const part = new URL(hrss.url()).pathname;
  await expect(hrss.getByText('张三丰').first()).toBeVisible();
  await own.close();

  // 公安's reviewer types the same address: refused, with nothing of the application shown.
  const other = await browser.newContext({ baseURL });
  const police = await other.newPage();
  await signInStaff(police, addStaff('reviewer', 'police'), '/departments/police');
  const refused = await police.goto(part);
  expect(refused?.status()).toBe(403);
  await expect(police.getByText('您无权查看此页面')).toBeVisible();
  await expect(police.getByText('张三丰')).toHaveCount(0);
  await expect(police.getByText(number)).toHaveCount(0);
  await other.close();
});
