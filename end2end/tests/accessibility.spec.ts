import { test, expect } from '@playwright/test';
import { addStaff, continueToMaterials, expectNoViolations, fillMergedForm, hydrated, signInStaff, submitFromReview, uploadEveryMaterial } from './helpers';

test('every page of the journey passes axe (WCAG 2.1 AA)', async ({ page }) => {
  await page.goto('/');
  await expectNoViolations(page, 'home');
  await page.goto('/?by=department');
  await expectNoViolations(page, 'home by department');

  await page.goto('/apply?items=road_occupation');
  await hydrated(page);
  await expectNoViolations(page, 'form');
  await page.getByRole('button', { name: /保存并继续/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请修改以下问题' })).toBeVisible();
  await expectNoViolations(page, 'form with errors');

  await page.getByLabel('是').first().check();
  await page.getByRole('group', { name: /高速公路/ }).getByLabel('否').check();
  await fillMergedForm(page);
  await continueToMaterials(page);
  await expectNoViolations(page, 'materials');
  await page.getByRole('button', { name: /上传并继续/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请修改以下问题' })).toBeVisible();
  await expectNoViolations(page, 'materials with errors');
  await uploadEveryMaterial(page);
  await expectNoViolations(page, 'check your answers');
  await submitFromReview(page);
  await expectNoViolations(page, 'receipt');

  await page.getByRole('link', { name: /查询办理进度/ }).click();
  await expect(page).toHaveURL(/\/track\/YJ-/);
  await expectNoViolations(page, 'tracking');
  await page.goto('/track');
  await expectNoViolations(page, 'tracking lookup');
  await page.goto('/sign-in');
  await expectNoViolations(page, 'sign-in');
  await page.goto('/sign-in?error=phone');
  await expectNoViolations(page, 'sign-in with a wrong number');
  await page.getByRole('textbox', { name: /^手机号码/ }).fill('13800138000');
  await page.getByRole('button', { name: /获取验证码/ }).click();
  await expectNoViolations(page, 'the one-time code');
  await page.goto('/resume?unknown=1');
  await expectNoViolations(page, 'resume with an unknown code');
});

for (const reading of [[], [{ name: 'lang', value: 'en' }], [{ name: 'care', value: '1' }]]) {
test(`every staff page passes axe (WCAG 2.1 AA) and fits the screen${reading.length ? ` (${reading[0].name}=${reading[0].value})` : ''}`, async ({ page, context }) => {
  await page.goto('/staff/sign-in?error=password');
  await context.addCookies(reading.map((c) => ({ ...c, url: page.url() })));
  await page.reload();
  await expectNoViolations(page, 'staff sign-in with an error');
  await signInStaff(page, addStaff('admin'));
  await expectNoViolations(page, 'staff desk');
  await page.goto('/departments');
  await expectNoViolations(page, 'departments');
  await page.goto('/departments/urban_management');
  await expectNoViolations(page, 'department queue');
  await page.goto('/staff/accounts');
  await expectNoViolations(page, 'staff accounts');
  await page.goto('/staff/catalog');
  await expectNoViolations(page, 'service catalog');
  await page.goto('/staff/accounts?errors=username,password&username=A%20B#add');
  await expectNoViolations(page, 'staff accounts with errors');
  await page.goto('/staff/password?required=1&error=mismatch');
  await expectNoViolations(page, 'choosing one’s own password, with an error');
  await page.goto('/staff/statistics');
  await expectNoViolations(page, 'statistics');
  await page.goto('/staff/dispatch');
  await expectNoViolations(page, 'dispatch');
  await page.goto('/staff/preview?items=unemployment_registration');
  await expectNoViolations(page, 'preview');
  await page.goto('/staff/find?error=invalid');
  await expectNoViolations(page, 'find by ID number, with a mistyped number');
  await page.getByRole('textbox', { name: /申请人身份证号|Applicant’s ID number|Applicant's ID number/ }).fill('442000198503120312');
  await page.getByRole('button', { name: /^(查找|Find)$/ }).click();
  // The number is posted; the address names only its keyed hash.
  await expect(page).toHaveURL(/\/staff\/find\?key=[0-9a-f]{64}$/);
  await expectNoViolations(page, 'find by ID number, results');
  await page.goto('/receipt/YJ-20260101-NOTREAL123');
  await expectNoViolations(page, 'a receipt that does not exist');
});
}
