import { test, expect } from '@playwright/test';
import { continueToMaterials, fillMergedForm, hydrated, png, submitFromReview } from './helpers';

test('a demo applicant holding e-certificates uploads only what the departments cannot fetch', async ({ page }, info) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: /以“李明”身份办理/ }).click();
  await expect(page).toHaveURL(/\/$/);
  // Rehabilitation needs a work-injury determination: 李明 holds it as an e-certificate.
  await page.goto('/apply?items=work_injury_rehab&items=unemployment_benefit');
  await hydrated(page);
  await expect(page.getByTestId('applicant')).toContainText('李明');
  await expect(page.getByText('提交前需要处理')).toHaveCount(0);
  // The identity service vouches for the name and ID number.
  await expect(page.getByLabel(/^姓名/)).toHaveValue('李明');
  await fillMergedForm(page);
  await continueToMaterials(page);
  await expect(page.getByTestId('material-exempt').filter({ hasText: '居民身份证' })).toContainText('电子证照');
  await expect(page.locator('input[name="material:id_card"]')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('materials-with-e-certificates.png'), fullPage: true });

  const inputs = page.locator('input[type=file][name^="material:"]');
  for (let i = 0; i < (await inputs.count()); i++) {
    await inputs.nth(i).setInputFiles(png(`scan-${i}`));
  }
  await page.getByRole('button', { name: /上传并继续/ }).click();
  await expect(page).toHaveURL(/\/apply\/review/);
  await submitFromReview(page);
  await expect(page.getByTestId('part')).toHaveCount(2);

  await page.goto('/sign-in');
  await page.getByRole('button', { name: /退出演示身份/ }).click();
  await page.goto('/apply?items=work_injury_rehab');
  await expect(page.getByText('提交前需要处理')).toBeVisible();
});

test('a resume code brings the application back on another device', async ({ page, browser }) => {
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  await fillMergedForm(page);
  await page.getByLabel(/^姓名/).fill('王小明');
  await continueToMaterials(page);
  const code = (await page.getByTestId('resume-code').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // Another device: no local storage, only the code, typed in lower case.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto('/resume');
  await phone.getByLabel(/续办码/).fill(code.toLowerCase());
  await phone.getByRole('button', { name: /继续办理/ }).click();
  await expect(phone).toHaveURL(/\/apply\?items=unemployment_registration&draft=/);
  await expect(phone.getByLabel(/^姓名/)).toHaveValue('王小明');
  await other.close();

  await page.goto('/resume');
  await page.getByLabel(/续办码/).fill('AAAA-BBBB-CCCC');
  await page.getByRole('button', { name: /继续办理/ }).click();
  await expect(page.getByText('找不到这个续办码')).toBeVisible();
});
