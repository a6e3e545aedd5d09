import { test, expect } from '@playwright/test';
import { continueToMaterials, expectApplicationNumber, fillMergedForm, hydrated, submitFromReview, uploadEveryMaterial } from './helpers';

test('the newborn package: five departments, six items, one form, one submission', async ({ page }, info) => {
  await page.goto('/');
  await page.getByRole('link', { name: /新生儿出生/ }).click();
  await expect(page.getByRole('heading', { name: /填写一张表/ })).toBeVisible();
  await hydrated(page);
  // Registration needs the birth certificate, produced inside the bundle: no problem is raised.
  await expect(page.getByText('提交前需要处理')).toHaveCount(0);
  await fillMergedForm(page);
  await page.screenshot({ path: info.outputPath('newborn-form.png'), fullPage: true });
  await continueToMaterials(page);
  // The birth certificate is produced inside the bundle: nobody is asked to upload it.
  await expect(page.locator('input[name="material:birth_medical_certificate"]')).toHaveCount(0);
  await expect(page.locator('input[name="material:id_card"]')).toHaveCount(1);
  await uploadEveryMaterial(page);
  const routing = page.getByRole('region', { name: /提交后分送给/ });
  for (const department of ['卫生健康', '公安', '医疗保障', '税务', '人力资源']) {
    await expect(routing.getByText(new RegExp(department)).first()).toBeVisible();
  }
  await submitFromReview(page);
  await expectApplicationNumber(page);
  await expect(page.getByTestId('part')).toHaveCount(6);
  await page.screenshot({ path: info.outputPath('newborn-receipt.png'), fullPage: true });
});

test('road works with the carriageway question adds the traffic police review, with the reason', async ({ page }, info) => {
  await page.goto('/apply?items=road_occupation');
  await hydrated(page);
  await page.getByRole('group', { name: /机动车道/ }).getByLabel('是').check();
  await expect(page.getByRole('region', { name: /您要办理的事项/ }).getByText('涉路施工交通安全审查').first()).toBeVisible();
  await page.getByRole('group', { name: /高速公路/ }).getByLabel('是').check();
  await expect(page.getByRole('region', { name: /您要办理的事项/ }).getByText('公路涉路施工许可').first()).toBeVisible();
  await page.getByRole('group', { name: /高速公路/ }).getByLabel('否').check();
  await expect(page.getByRole('region', { name: /您要办理的事项/ }).getByText('公路涉路施工许可')).toHaveCount(0);
  await fillMergedForm(page);
  await page.screenshot({ path: info.outputPath('road-works-form.png'), fullPage: true });
  await continueToMaterials(page);
  await uploadEveryMaterial(page);
  await expect(page.getByRole('region', { name: /提交后分送给/ })).toContainText('交通警察');
  await submitFromReview(page);
  await expect(page.getByTestId('part')).toHaveCount(2);
  await expect(page.getByTestId('part').filter({ hasText: '交通警察' })).toHaveCount(1);
});
