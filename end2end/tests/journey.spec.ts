import { test, expect } from '@playwright/test';
import { addStaff, continueToMaterials, expectApplicationNumber, fillMergedForm, hydrated, signInStaff, submitFromReview, uploadEveryMaterial } from './helpers';

test.describe('a citizen builds any combination and applies once', () => {
  test('the home page lists the whole seed catalog by life event and by department', async ({ page }) => {
    await page.goto('/');
    for (const pkg of ['新生儿出生', '退休', '涉路施工', '开办餐饮店', '开便利店', '水电气网过户']) {
      await expect(page.getByRole('link', { name: new RegExp(pkg) }).first()).toBeVisible();
    }
    for (const item of ['工伤康复待遇申请', '工伤保险辅助器具配置', '失业保险金申领', '出生医学证明', '基本养老保险待遇申领']) {
      await expect(page.getByLabel(new RegExp(item)).first()).toBeAttached();
    }
    // With JavaScript the picker fetches the next screen in place, and the address follows it.
    await hydrated(page);
    await page.getByLabel(/工伤康复待遇申请/).first().check();
    await page.getByRole('button', { name: /按部门/ }).click();
    await expect(page.getByRole('group', { name: /人力资源和社会保障局/ })).toBeVisible();
    await expect(page).toHaveURL(/by=department.*items=work_injury_rehab/);
    await expect(page.getByLabel(/工伤康复待遇申请/)).toBeChecked();
  });

  test('three 人社 items become one form, one submission, one part per item', async ({ page }, info) => {
    await page.goto('/');
    await hydrated(page);
    for (const item of ['工伤康复待遇申请', '工伤保险辅助器具配置', '失业保险金申领']) {
      await page.getByLabel(new RegExp(item)).first().check();
    }
    await expect(page.getByText('已选 3 项')).toBeVisible();
    await page.getByRole('button', { name: /下一步/ }).click();
    await expect(page.getByRole('heading', { name: /填写一张表/ })).toBeVisible();
    await hydrated(page);

    // Rehab and devices need a work-injury determination: the page offers to add it, and the
    // appraisal that devices also need.
    await page.getByRole('link', { name: /把“工伤认定申请”加入本次办理/ }).first().click();
    await page.getByRole('link', { name: /把“劳动能力鉴定”加入本次办理/ }).first().click();
    await expect(page.getByText('提交前需要处理')).toHaveCount(0);
    await hydrated(page);

    // Shared fields are asked once, and say which items use them.
    await expect(page.getByLabel(/^姓名/)).toHaveCount(1);
    await expect(page.getByLabel(/^公民身份号码/)).toHaveCount(1);
    await expect(page.getByLabel(/^手机号码/)).toHaveCount(1);
    await expect(page.getByLabel(/^银行卡号/)).toHaveCount(1);

    await fillMergedForm(page);
    // Sex comes from the ID number (17th digit even: female), not from the citizen.
    await expect(page.getByLabel(/^性别/)).toHaveValue('female');
    await expect(page.getByLabel(/^性别/)).toBeDisabled();
    await page.screenshot({ path: info.outputPath('merged-form.png'), fullPage: true });

    await continueToMaterials(page);
    // Each material once: the ID card used by all five items is one upload.
    await expect(page.getByLabel(/居民身份证/)).toHaveCount(1);
    await uploadEveryMaterial(page);
    await expect(page.getByRole('region', { name: /提交后分送给/ })).toContainText('人力资源和社会保障局');
    await page.screenshot({ path: info.outputPath('check-your-answers.png'), fullPage: true });
    await submitFromReview(page);
    const number = await expectApplicationNumber(page);
    await expect(page.getByTestId('part')).toHaveCount(5);
    // Each part is on its department's desk (the product's own queue) as soon as it is stored.
    await expect(page.locator('[data-testid=delivery][data-delivery=received]')).toHaveCount(5);
    await expect(page.getByTestId('delivery').first()).toContainText('部门已收到');
    await page.screenshot({ path: info.outputPath('receipt.png'), fullPage: true });

    await page.getByRole('link', { name: /查询办理进度/ }).click();
    await expect(page).toHaveURL(new RegExp(`/track/${number}`));
    await expect(page.getByTestId('part')).toHaveCount(5);
    await expect(page.getByTestId('part').first()).toContainText('待受理');

    // The department's reviewer sees it in their queue (names masked).
    await signInStaff(page, addStaff('reviewer', 'hrss'), '/departments/hrss');
    await expect(page.getByRole('row', { name: new RegExp(number) })).toHaveCount(5);
    await expect(page.getByRole('row', { name: new RegExp(number) }).first()).toContainText('张**');
  });

  test('bad input gets a message next to the field and keeps what was typed', async ({ page }) => {
    await page.goto('/apply?items=unemployment_registration&items=social_security_card');
    await hydrated(page);
    await page.getByLabel(/^公民身份号码/).fill('110105194912310021');
    await page.getByLabel(/^公民身份号码/).blur();
    await expect(page.locator('#f-id_number-error')).toContainText('校验');
    await expect(page.locator('#f-id_number-error')).not.toContainText('check');
    await page.getByRole('button', { name: /保存并继续/ }).click();
    // The server refused: an error summary, a message by the empty required name, nothing lost.
    await expect(page.getByRole('alert').filter({ hasText: '请修改以下问题' })).toBeVisible();
    await expect(page.locator('#f-name-error')).toContainText('必填');
    await expect(page.getByLabel(/^公民身份号码/)).toHaveValue('110105194912310021');
    await expect(page).toHaveURL(/\/apply/);
  });

  test('an unknown item or an empty selection is explained, not a blank page', async ({ page }) => {
    await page.goto('/apply?items=no_such_item');
    await expect(page.getByText(/找不到事项“no_such_item”/)).toBeVisible();
    await expect(page.getByRole('link', { name: /返回重新选择事项/ })).toBeVisible();
    await page.goto('/apply');
    await expect(page.getByText(/请至少选择一个事项/)).toBeVisible();
  });

  test('tracking an unknown number says so', async ({ page }) => {
    await page.goto('/track');
    await page.getByLabel(/申请编号/).fill('YJ-20260101-NOTREAL1');
    await page.getByRole('button', { name: /查询/ }).click();
    await expect(page.getByRole('heading', { name: /找不到该申请/ })).toBeVisible();
  });
});
