import { test, expect } from '@playwright/test';
import { expectApplicationNumber, fillMergedForm, submitFromReview, uploadEveryMaterial } from './helpers';

// The whole journey with JavaScript disabled: server-rendered pages and plain form posts.
test.use({ javaScriptEnabled: false });

test('without JavaScript, what is ticked travels along while browsing by department and searching', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(/出生医学证明/).first().check();
  await page.getByRole('button', { name: /按部门/ }).click();
  await expect(page.getByRole('group', { name: /卫生健康委员会/ })).toBeVisible();
  await expect(page.getByLabel(/出生医学证明/)).toBeChecked();
  await page.getByRole('searchbox', { name: /搜索事项/ }).fill('yyzz');
  await page.getByRole('button', { name: /^搜索/ }).click();
  // Not among the results, so kept under "also chosen", still ticked.
  await expect(page.getByRole('group', { name: /已选的其他事项/ }).getByLabel(/出生医学证明/)).toBeChecked();
  await page.getByRole('group', { name: /搜索结果/ }).getByLabel(/营业执照/).first().check();
  await page.getByRole('button', { name: /下一步/ }).click();
  await expect(page.getByRole('heading', { name: /填写一张表/ })).toBeVisible();
  const chosen = page.getByRole('region', { name: /您要办理的事项/ });
  await expect(chosen.getByText('出生医学证明').first()).toBeVisible();
  await expect(chosen.getByText(/营业执照/).first()).toBeVisible();
});

test('road works without JavaScript: choose, answer the situation, fix an error, upload, review, submit, track', async ({ page }, info) => {
  await page.goto('/');
  await page.getByLabel(/占用、挖掘城市道路审批/).first().check();
  await page.getByRole('button', { name: /下一步/ }).click();
  await expect(page.getByRole('heading', { name: /填写一张表/ })).toBeVisible();

  // The carriageway question adds the traffic-police review once the form is updated.
  await page.getByRole('group', { name: /机动车道/ }).getByLabel('是').check();
  await page.getByRole('group', { name: /高速公路/ }).getByLabel('否').check();
  await page.getByLabel(/^姓名/).fill('李四');
  await page.getByRole('button', { name: /按我的情况更新表单/ }).click();
  await expect(page.getByText('涉路施工交通安全审查').first()).toBeVisible();
  await expect(page.getByLabel(/^姓名/)).toHaveValue('李四');

  // A bad phone number comes back beside the field, with everything else kept.
  await fillMergedForm(page);
  await page.getByLabel(/^手机号码/).fill('12345');
  await page.getByRole('button', { name: /保存并继续/ }).click();
  await expect(page.getByText('请修改以下问题后再提交')).toBeVisible();
  await expect(page.locator('#f-phone-error')).toContainText('11位手机号码');
  await expect(page.getByLabel(/^姓名/)).toHaveValue('张三丰');
  await expect(page.getByLabel(/^道路名称/)).toHaveValue('测试内容');

  await page.getByLabel(/^手机号码/).fill('13800138000');
  await page.getByRole('button', { name: /保存并继续/ }).click();
  await expect(page).toHaveURL(/\/apply\/materials\?draft=/);

  // A file that is not a photo or PDF is refused beside its input; then every photo, once.
  const first = page.locator('input[type=file][name^="material:"]').first();
  await first.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') });
  await page.getByRole('button', { name: /上传所选文件/ }).click();
  // In the error summary (a link to the input) and beside the input itself.
  await expect(page.getByRole('link', { name: /只能上传 JPG、PNG 照片或 PDF 文件/ })).toBeVisible();
  await expect(page.locator('.materials-form .error-message').filter({ hasText: '只能上传 JPG、PNG 照片或 PDF 文件。' })).toHaveCount(1);
  await uploadEveryMaterial(page);
  await expect(page.getByText(/已上传：/).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('review-no-js.png'), fullPage: true });
  await submitFromReview(page);
  const number = await expectApplicationNumber(page);
  await expect(page.getByTestId('part')).toHaveCount(2);
  await page.screenshot({ path: info.outputPath('receipt-no-js.png'), fullPage: true });

  await page.goto('/track');
  await page.getByLabel(/申请编号/).fill(number.toLowerCase());
  await page.getByRole('button', { name: /查询/ }).click();
  await expect(page.getByTestId('part')).toHaveCount(2);
});
