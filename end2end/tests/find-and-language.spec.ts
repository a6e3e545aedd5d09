import { test, expect } from '@playwright/test';
import { expectNoViolations, hydrated } from './helpers';

test('search as you type finds items by pinyin, initials, the words citizens use, Chinese or English', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const search = page.getByRole('searchbox', { name: /搜索事项/ });
  await search.fill('gskf');
  await expect(page.getByLabel(/工伤康复待遇申请/).first()).toBeVisible();
  await expect(page.getByLabel(/营业执照/).first()).toBeHidden();
  await search.fill('business licence');
  await expect(page.getByLabel(/营业执照/).first()).toBeVisible();
  await expect(page.getByLabel(/工伤康复待遇申请/).first()).toBeHidden();
  // The words citizens use, and pinyin in full — both generated or kept as catalog data.
  await search.fill('失业金');
  await expect(page.getByLabel(/失业保险金申领/).first()).toBeVisible();
  await expect(page.getByLabel(/工伤康复待遇申请/).first()).toBeHidden();
  await search.fill('gongshang');
  await expect(page.getByLabel(/工伤康复待遇申请/).first()).toBeVisible();
  await expect(page.getByLabel(/失业保险金申领/).first()).toBeHidden();
  await search.fill('');
  await expect(page.getByLabel(/工伤康复待遇申请/).first()).toBeVisible();
});

test('the selection shows its departments and parallel time as you tick', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel(/出生医学证明/).first().check();
  await page.getByLabel(/出生登记/).first().check();
  await expect(page.getByText(/涉及2个部门/)).toBeVisible();
});

test('when the next screen cannot load the picker says so, keeps what is ticked, and recovers', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel(/出生医学证明/).first().check();
  await page.route('**/picker?**', (route) => route.abort());
  await page.getByRole('button', { name: /按部门/ }).click();
  await expect(page.getByRole('alert')).toContainText('暂时无法加载');
  await expect(page.getByLabel(/出生医学证明/).first()).toBeChecked();
  await expectNoViolations(page, 'the picker saying a screen could not load');
  await page.unroute('**/picker?**');
  await page.getByRole('button', { name: /按部门/ }).click();
  await expect(page.getByRole('alert')).toHaveText('');
  // The tab pressed keeps the focus on the new screen, and what was ticked is still ticked.
  await expect(page.getByRole('button', { name: /按部门/ })).toBeFocused();
  await expect(page.getByRole('button', { name: /按部门/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel(/出生医学证明/).first()).toBeChecked();
  await expect(page).toHaveURL(/by=department.*items=birth_medical_certificate/);
  // A screen swapped in place is as accessible as a page.
  await page.getByRole('searchbox', { name: /搜索事项/ }).fill('gskf');
  await expect(page.getByRole('group', { name: /搜索结果/ })).toBeVisible();
  await expectNoViolations(page, 'the picker after screens were swapped in place');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the search box filters on the server', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: /搜索事项/ }).fill('yyzz');
    await page.getByRole('button', { name: /^搜索/ }).click();
    await expect(page).toHaveURL(/q=yyzz/);
    await expect(page.getByLabel(/营业执照/).first()).toBeVisible();
    await expect(page.getByLabel(/工伤康复待遇申请/).first()).toBeHidden();
    await page.getByRole('searchbox', { name: /搜索事项/ }).fill('生孩子');
    await page.getByRole('button', { name: /^搜索/ }).click();
    await expect(page.getByLabel(/出生医学证明/).first()).toBeVisible();
    await expect(page.getByLabel(/营业执照/).first()).toBeHidden();
  });
});

test('English can be chosen and is remembered, and Chinese comes back', async ({ page }) => {
  await page.goto('/track');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/track$/);
  await expect(page.getByRole('heading', { name: 'Track an application' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('查询办理进度').first()).toBeHidden();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /Choose what you need to do/ })).toBeVisible();
  await page.getByRole('link', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText('选择要办理的事项')).toBeVisible();
});
