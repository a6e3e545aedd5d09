import { test, expect } from '@playwright/test';
import { continueToMaterials, fillMergedForm, hydrated, png, signInAsDemo, signInByPhone, signOut, submitFromReview } from './helpers';

test('a demo applicant holding e-certificates uploads only what the departments cannot fetch', async ({ page }, info) => {
  await signInAsDemo(page, '李明');
  // Rehabilitation needs a work-injury determination: 李明 holds it as an e-certificate.
  await page.goto('/apply?items=work_injury_rehab&items=unemployment_benefit');
  await hydrated(page);
  await expect(page.getByTestId('applicant')).toContainText('李明');
  await expect(page.getByText('提交前需要处理')).toHaveCount(0);
  // The identity service vouches for the name and ID number.
  await expect(page.getByLabel(/^姓名/)).toHaveValue('李明');
  await fillMergedForm(page, { name: '李明', id_number: '442000198503120312', phone: '13800138001' });
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

  await signOut(page);
  await page.goto('/apply?items=work_injury_rehab');
  await expect(page.getByText('提交前需要处理')).toBeVisible();
});

test('a resume code brings the application back on another device', async ({ page, browser }) => {
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  await fillMergedForm(page, { name: '王小明' });
  await continueToMaterials(page);
  // A wrong file is caught in the browser as soon as it is chosen, before any upload.
  const first = page.locator('input[type=file][name^="material:"]').first();
  await first.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') });
  await expect(page.locator('.materials-form .error-message').first()).toContainText('只能上传 JPG、PNG 照片或 PDF 文件。');
  await expect(first).toHaveAttribute('aria-invalid', 'true');
  expect(await first.evaluate((el) => (el as HTMLInputElement).files?.length ?? 0)).toBe(0);

  const code = (await page.getByTestId('resume-code').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  // The code is a secret: it never appears in an address.
  expect(page.url()).not.toContain(code.replace(/-/g, ''));

  // Another device: no local storage, only the code, typed in lower case.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto('/resume');
  await phone.getByLabel(/续办码/).fill(code.toLowerCase());
  await phone.getByRole('button', { name: /继续办理/ }).click();
  await expect(phone).toHaveURL(/\/apply\?items=unemployment_registration&draft=/);
  expect(phone.url()).not.toContain(code.replace(/-/g, ''));
  await expect(phone.getByLabel(/^姓名/)).toHaveValue('王小明');
  // A change there is kept on the server a moment after typing stops, without pressing anything.
  await hydrated(phone);
  await phone.getByLabel(/^姓名/).fill('王大明');
  await expect(phone.getByTestId('autosave')).toContainText('已自动保存到服务器');
  await other.close();
  await page.goto('/resume');
  await page.getByLabel(/续办码/).fill(code);
  await page.getByRole('button', { name: /继续办理/ }).click();
  await expect(page.getByLabel(/^姓名/)).toHaveValue('王大明');

  await page.goto('/resume');
  await page.getByLabel(/续办码/).fill('AAAA-BBBB-CCCC-DDDD');
  await page.getByRole('button', { name: /继续办理/ }).click();
  await expect(page.getByText('找不到这个续办码')).toBeVisible();
});

test('on a phone the form shows one section per screen with a task list', async ({ page }, info) => {
  test.skip((page.viewportSize()?.width ?? 1000) > 600, 'a phone layout');
  await page.goto('/apply?items=work_injury_determination&items=unemployment_benefit');
  await hydrated(page);
  const tasks = page.getByRole('navigation', { name: /表单各部分/ });
  await expect(tasks).toBeVisible();
  const sections = page.locator('fieldset.form-section');
  const total = await sections.count();
  expect(total).toBeGreaterThan(1);
  await expect(page.locator('fieldset.form-section:visible')).toHaveCount(1);
  await expect(tasks.getByRole('button')).toHaveCount(total);
  await expect(tasks.getByRole('button').first()).toContainText('未完成');

  await page.getByLabel(/^姓名/).fill('张三丰');
  await page.getByLabel(/^公民身份号码/).fill('11010519491231002X');
  await page.getByRole('button', { name: /下一部分/ }).first().click();
  await expect(page.getByLabel(/^姓名/)).toBeHidden();
  await expect(page.locator('fieldset.form-section:visible')).toBeFocused();
  await page.screenshot({ path: info.outputPath('phone-task-list.png'), fullPage: true });

  // The task list jumps back, and says which sections are done.
  await tasks.getByRole('button').first().click();
  await expect(page.getByLabel(/^姓名/)).toHaveValue('张三丰');
  await fillMergedForm(page);
  for (let i = 0; i < total; i++) {
    await expect(tasks.getByRole('button').nth(i)).toContainText('已完成');
  }
  await continueToMaterials(page);
});

test('a signed-in person finds the form they were typing on another device', async ({ page, browser }) => {
  // Signed in by mobile number: the same person on any device (a demo sign-in is its own).
  // A number of its own per run: a number may ask for only a few codes in ten minutes.
  const number = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await signInByPhone(page, number);
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  // Typing is enough: a moment later the server holds it, without "save and continue".
  await page.getByLabel(/^户籍地址/).fill('中山市石岐区孙文中路8号');
  await expect(page.getByTestId('autosave')).toContainText('已自动保存到服务器');

  const other = await browser.newContext();
  const phone = await other.newPage();
  await signInByPhone(phone, number);
  const mine = phone.getByTestId('my-drafts');
  await expect(mine).toContainText('继续未完成的申请');
  await mine.getByRole('link', { name: /失业登记/ }).first().click();
  await expect(phone.getByLabel(/^户籍地址/)).toHaveValue('中山市石岐区孙文中路8号');
  await other.close();
});
