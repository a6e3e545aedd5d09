import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { addStaff, continueToMaterials, expectApplicationNumber, expectNoViolations, fillMergedForm, hydrated, signInStaff, submitFromReview, uploadEveryMaterial } from './helpers';

// Runs on the second server, loaded with the synthetic city-scale catalog (3,900 items, 40
// departments, 1,008 packages): the `city` project of playwright.config.ts.
type Text = { zh: string; en: string };
type Item = { id: string; name: Text; department: string; requires: unknown[]; excludes: { item: string }[]; committed_days: number };
const catalog: { items: Item[]; departments: { id: string; name: Text }[]; life_events: unknown[]; packages: unknown[] } =
  JSON.parse(fs.readFileSync(process.env.CITY_CATALOG ?? '', 'utf8'));

/** Items that can be applied for on their own: nothing needed first, nothing excluded. */
const excluded = new Set(catalog.items.flatMap((i) => i.excludes.map((e) => e.item)));
const standalone = (i: Item) => i.requires.length === 0 && i.excludes.length === 0 && !excluded.has(i.id);
const tick = (id: string) => `input[name=items][value="${id}"]`;

test('the first screen names the life events and packages, and carries none of the 3,900 items', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('input[name=items]')).toHaveCount(0);
  await expect(page.locator('.group-head button')).toHaveCount(catalog.life_events.length);
  await expect(page.getByRole('link', { name: new RegExp(`查看全部${catalog.packages.length}个套餐`) })).toBeVisible();
  await expectNoViolations(page, 'the home page at city scale');
});

test('search as you type puts the item with the exact name first', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const wanted = catalog.items[1234];
  await page.getByRole('searchbox', { name: /搜索事项/ }).fill(wanted.name.zh);
  const results = page.getByRole('group', { name: /搜索结果/ });
  await expect(results.locator('.choice').first()).toContainText(wanted.name.zh);
  await expect(results.locator(tick(wanted.id))).toHaveCount(1);
  // The address follows, so a reload comes back to the same results.
  await expect(page).toHaveURL(/q=/);
});

test('browse departments page by page, pick ten items from four departments, fill in one form and submit once', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: /按部门/ }).click();
  const departments = catalog.departments.slice(0, 4);
  // Three from each of the first two departments (one of them on the second page), two from the others.
  const wanted = [3, 3, 2, 2];
  const chosen: Item[] = [];
  for (const [n, department] of departments.entries()) {
    const own = catalog.items.filter((i) => i.department === department.id);
    await page.getByRole('button', { name: new RegExp(department.name.zh) }).first().click();
    const group = page.getByRole('group', { name: new RegExp(department.name.zh) });
    await expect(group.locator('input[name=items]')).toHaveCount(Math.min(20, own.length));
    // The button pressed is gone with the old screen: the group it opened takes the focus.
    await expect(group).toBeFocused();
    const firstPage = own.slice(0, 20).filter(standalone);
    const picks = firstPage.slice(0, wanted[n] - (n === 0 ? 1 : 0));
    for (const item of picks) await group.locator(tick(item.id)).check();
    chosen.push(...picks);
    if (n === 0) {
      await page.getByRole('button', { name: /下一页/ }).first().click();
      await expect(page.getByText(/第2页/).first()).toBeVisible();
      const second = own.slice(20, 40).filter(standalone)[0];
      await page.getByRole('group', { name: new RegExp(department.name.zh) }).locator(tick(second.id)).check();
      chosen.push(second);
    }
  }
  await expect(page.getByText('已选 10 项')).toBeVisible();
  await expect(page.getByText(/涉及4个部门/)).toBeVisible();
  await page.getByRole('button', { name: /下一步/ }).click();
  await expect(page.getByRole('heading', { name: /填写一张表/ })).toBeVisible();
  await hydrated(page);
  await fillMergedForm(page);
  await continueToMaterials(page);
  await uploadEveryMaterial(page);
  await submitFromReview(page);
  await expectApplicationNumber(page);
  await expect(page.getByTestId('part')).toHaveCount(10);
});

test('window staff preview any combination of the city catalog, opening a department to pick', async ({ page }) => {
  await signInStaff(page, addStaff('window', undefined, process.env.E2E_CITY_DATA_DIR), '/staff/preview');
  await hydrated(page);
  // Staff browse by department; none of the 3,900 items is on the page until one is opened.
  await expect(page.locator('input[name=items]')).toHaveCount(0);
  const department = catalog.departments[5];
  await page.getByRole('button', { name: new RegExp(department.name.zh) }).first().click();
  const picks = catalog.items.filter((i) => i.department === department.id).slice(0, 20).filter(standalone).slice(0, 2);
  for (const item of picks) await page.locator(tick(item.id)).check();
  await page.getByTestId('show-preview').click();
  await expect(page).toHaveURL(/show=1/);
  for (const width of ['phone', 'desktop']) {
    const frame = page.frameLocator(`[data-testid=preview-${width}]`);
    await expect(frame.getByRole('heading', { name: /填写一张表/ })).toBeVisible();
    await expect(frame.locator('[name="answers[name]"]')).toHaveCount(1);
  }
  await expectNoViolations(page, 'the staff preview at city scale');
});

test('a catalog editor changes an item\'s committed days, previews the draft, publishes, and the next citizen\'s timeline shows the new figure', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const item = catalog.items.filter((i) => standalone(i) && i.committed_days >= 3)[700];
  const days = item.committed_days - 1;
  await signInStaff(page, addStaff('catalog_editor', undefined, process.env.E2E_CITY_DATA_DIR), '/staff/catalog');
  await page.getByTestId('start-draft').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('草稿已从正在使用的版本建立');
  await page.getByLabel(/查找要修改的事项/).fill(item.id);
  await page.getByRole('button', { name: /^查找/ }).click();
  await page.getByTestId('draft-found').getByRole('link', { name: item.name.zh }).click();
  // A slip is caught beside the input, and what was typed comes back.
  await page.getByLabel(/承诺办结时限/).fill('0');
  await page.getByTestId('save-item').click();
  await expect(page.getByTestId('item-errors')).toContainText('请填写1至250之间的整数');
  await expect(page.getByLabel(/承诺办结时限/)).toHaveValue('0');
  await page.getByLabel(/承诺办结时限/).fill(String(days));
  await page.getByTestId('save-item').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('修改已保存到草稿');
  await expect(page.getByTestId('draft-changes')).toContainText(`承诺办结时限由${item.committed_days}个工作日改为${days}个工作日`);
  await expectNoViolations(page, 'the catalog page with a draft');

  // The draft as citizens will see it, at phone and desktop widths.
  await page.getByTestId('preview-draft').click();
  await expect(page.getByTestId('preview-draft-notice')).toBeVisible();
  for (const width of ['phone', 'desktop']) {
    const frame = page.frameLocator(`[data-testid=preview-${width}]`);
    await expect(frame.getByTestId('catalog-preview')).toBeVisible();
    await expect(frame.getByRole('heading', { name: /填写一张表/ })).toBeVisible();
  }

  // The picker beside the frames browses the draft as you type: the item shows its new days.
  await hydrated(page);
  await page.locator('#q').fill(item.name.zh);
  const found = page.getByRole('group', { name: /搜索结果/ });
  await expect(found.locator('.choice').first()).toContainText(`承诺${days}个工作日`);
  await expectNoViolations(page, 'the draft preview, its picker searched');

  await page.goto('/staff/catalog');
  await page.getByTestId('publish-draft').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('新版本已发布');

  // The next citizen: a browser of their own.
  const citizen = await browser.newPage();
  await citizen.goto(`/?q=${encodeURIComponent(item.name.zh)}`);
  const results = citizen.getByRole('group', { name: /搜索结果/ });
  await expect(results.locator('.choice').first()).toContainText(`承诺${days}个工作日`);
  await citizen.goto(`/apply?items=${encodeURIComponent(item.id)}`);
  await hydrated(citizen);
  await fillMergedForm(citizen);
  await continueToMaterials(citizen);
  await uploadEveryMaterial(citizen);
  await expect(citizen.getByText(`并联审批约 ${days} 个工作日`)).toBeVisible();
  await citizen.close();
});
