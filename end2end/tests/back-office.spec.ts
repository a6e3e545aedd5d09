import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'fs';
import {
  addStaff, continueToMaterials, expectApplicationNumber, expectNoViolations, fillMergedForm, hydrated,
  signInByPhone, signInStaff, submitFromReview, uploadEveryMaterial,
} from './helpers';

// 前台综合受理，后台并联审批: one application, three departments deciding in parallel, one
// correction answered without JavaScript, every step in the history and the audit log.
// The citizen is on a phone; staff work at desktop width. One run covers both, so it runs once.

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

/** A reviewer of `department`, signed in in a browser of their own, on the part of `number`. */
async function reviewer(browser: Browser, baseURL: string, department: string, number: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...DESKTOP });
  const page = await context.newPage();
  await signInStaff(page, addStaff('reviewer', department), `/departments/${department}`);
  await page.getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(/\/staff\/parts\/YJ-/);
  return page;
}

async function accept(page: Page) {
  await page.getByTestId('move-accept').click();
  await expect(page.getByTestId('done')).toContainText('已受理');
  await expect(page.getByTestId('part-status')).toContainText('审批中');
}

async function approve(page: Page, reference: string) {
  await page.reload();
  await page.getByLabel(/办结文书编号/).fill(reference);
  await page.getByTestId('move-approve').click();
  await expect(page.getByTestId('done')).toContainText('已办结');
  await expect(page.getByTestId('part-outcome')).toHaveText(reference);
}

test('three departments decide one application in parallel; a correction is answered without JavaScript', async ({ browser, baseURL }, info) => {
  test.skip(info.project.name !== 'desktop', 'one run: the citizen on a phone, staff at desktop width');
  test.setTimeout(180_000);
  const base = baseURL!;

  // The citizen applies once, on a phone, for a birth: certificate (卫健), registration (公安)
  // and the baby's medical insurance (医保).
  const citizenContext = await browser.newContext({ baseURL: base, ...PHONE });
  const citizen = await citizenContext.newPage();
  await signInByPhone(citizen, '13900139001');
  await citizen.goto('/apply?items=birth_medical_certificate&items=birth_registration&items=newborn_medical_insurance');
  await hydrated(citizen);
  await fillMergedForm(citizen);
  await continueToMaterials(citizen);
  await uploadEveryMaterial(citizen);
  await submitFromReview(citizen);
  const number = await expectApplicationNumber(citizen);

  // Each department's reviewer finds it in their own queue and accepts it.
  const health = await reviewer(browser, base, 'health', number);
  await expectNoViolations(health, 'a part, waiting to be accepted');
  await accept(health);
  const police = await reviewer(browser, base, 'police', number);
  await accept(police);
  const insurance = await reviewer(browser, base, 'medical_insurance', number);
  await accept(insurance);

  // Registration needs the birth certificate's decision first: refused, and said why.
  await police.getByLabel(/办结文书编号/).fill('公户〔2026〕1号');
  await police.getByTestId('move-approve').click();
  await expect(police.getByTestId('move-error')).toContainText('须先办结');
  await expect(police.getByTestId('part-status')).toContainText('审批中');
  await expectNoViolations(police, 'a part with a refused move');

  // 医保 asks for one correction: the household address.
  await insurance.locator('#fix-field-household_address').check();
  await insurance.getByLabel(/需补正的原因/).fill('户籍地址与户口簿不一致，请按户口簿填写。');
  await insurance.getByTestId('move-request-correction').click();
  await expect(insurance.getByTestId('part-status')).toContainText('需补正');

  // Both pages the citizen meets pass axe (checked with scripts on: axe itself is a script).
  await citizen.goto(`/track/${number}`);
  await expectNoViolations(citizen, 'tracking, a correction asked for');
  await citizen.getByRole('link', { name: /补正此事项/ }).click();
  await expectNoViolations(citizen, 'answering a correction');

  // The citizen answers it with JavaScript off: only that field is asked again.
  const plain = await browser.newContext({ baseURL: base, ...PHONE, javaScriptEnabled: false, storageState: await citizenContext.storageState() });
  const answer = await plain.newPage();
  await answer.goto(`/track/${number}`);
  await expect(answer.getByTestId('overall')).toContainText('需要您补正材料');
  await expect(answer.getByTestId('correction-notice')).toContainText('户籍地址与户口簿不一致');
  await answer.getByRole('link', { name: /补正此事项/ }).click();
  await expect(answer.getByTestId('correction-reason')).toContainText('户籍地址与户口簿不一致');
  await expect(answer.locator('input[name^="answers["], textarea[name^="answers["], select[name^="answers["]')).toHaveCount(1);
  await answer.getByLabel(/户籍地址/).fill('广东省中山市石岐区孙文中路8号');
  await answer.getByTestId('send-correction').click();
  await expect(answer).toHaveURL(new RegExp(`/track/${number}\\?corrected=1$`));
  await expect(answer.getByTestId('overall')).not.toContainText('需要您补正材料');

  // Everyone approves, in the order the law needs.
  await approve(health, '出生医学证明 Q440012345');
  await approve(police, '公户〔2026〕1号');
  await approve(insurance, '医保参保〔2026〕9号');
  await expectNoViolations(insurance, 'an approved part');

  // The citizen sees everything done, with what happened, in plain words.
  await answer.goto(`/track/${number}`);
  await expect(answer.getByTestId('overall')).toContainText('全部办结');
  const history = answer.getByTestId('history');
  await expect(history.locator('li').filter({ hasText: '已办结' })).toHaveCount(3);
  await expect(history).toContainText('申请人已补正');
  await expect(history).toContainText('医保参保〔2026〕9号');

  // The audit log on the part shows every step, with who and in which role.
  await insurance.reload();
  const audit = insurance.getByTestId('audit');
  for (const action of ['submit', 'accept', 'request_correction', 'answer_correction', 'approve']) {
    await expect(audit.locator('td', { hasText: new RegExp(`^${action}$`) }).first()).toBeVisible();
  }
  await expect(audit).toContainText('(reviewer)');

  // The queue: filtered to what is done, counted at the top.
  await insurance.goto('/departments/medical_insurance?status=approved');
  await expect(insurance.getByTestId('queue-entry')).toHaveCount(1);
  await expectNoViolations(insurance, 'a department queue, filtered');
});

test('window staff preview any combination at phone and desktop widths side by side', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'a desk task, at desktop width');
  await signInStaff(page, addStaff('window'), '/staff/preview');
  await expectNoViolations(page, 'preview, choosing items');
  await page.getByLabel(/工伤认定申请/).check();
  await page.getByLabel(/失业保险金申领/).check();
  await page.getByTestId('show-preview').click();
  await expect(page).toHaveURL(/\/staff\/preview\?.*items=/);
  for (const width of ['phone', 'desktop']) {
    const frame = page.frameLocator(`[data-testid=preview-${width}]`);
    // One merged form: the name is asked once for both items, the benefit's bank card too.
    await expect(frame.locator('[name="answers[name]"]')).toHaveCount(1);
    await expect(frame.locator('[name="answers[bank_account]"]')).toHaveCount(1);
    await expect(frame.getByRole('textbox', { name: /^姓名/ })).toBeVisible();
  }
  // The link can be shared: opening it shows the same combination.
  const link = await page.locator('#share').inputValue();
  await page.goto(link);
  await expect(page.getByLabel(/工伤认定申请/)).toBeChecked();
  await expectNoViolations(page, 'preview, both widths');
});

test('window staff enter an application at the counter: originals seen instead of uploads, the channel recorded', async ({ page, browser, baseURL }, info) => {
  test.skip(info.project.name !== 'desktop', 'a desk task, at desktop width');
  await signInStaff(page, addStaff('window'));
  await page.goto('/apply?items=unemployment_benefit');
  await hydrated(page);
  await fillMergedForm(page);
  await continueToMaterials(page);
  const seen = page.getByLabel(/窗口已核验原件/);
  const count = await seen.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await seen.nth(i).check();
  await expectNoViolations(page, 'materials at the counter');
  await page.getByRole('button', { name: /上传并继续/ }).click();
  await expect(page).toHaveURL(/\/apply\/review\?draft=/);
  await expect(page.getByText('窗口已核验原件').first()).toBeVisible();
  await submitFromReview(page);
  const number = await expectApplicationNumber(page);

  // The department sees where it came from and that the originals were seen.
  const hrss = await reviewer(browser, baseURL!, 'hrss', number);
  await expect(hrss.getByText('窗口代办')).toBeVisible();
  await expect(hrss.getByTestId('part-materials')).toContainText('窗口已核验原件');
});

test('managers read the statistics as charts with their numbers in tables, and export CSV', async ({ page }) => {
  await signInStaff(page, addStaff('manager'), '/staff/statistics');
  await expect(page.getByRole('heading', { name: /统计/, level: 1 })).toBeVisible();
  await expect(page.locator('svg[role=img]').first()).toBeVisible();
  await expectNoViolations(page, 'statistics');
  const csv = await page.request.get('/staff/statistics.csv');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).length).toBeGreaterThan(10);
});

test('a catalog editor makes a new material, asks for it in an item, limits a field, and a slip is caught beside its box', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'a desk task, at desktop width');
  await signInStaff(page, addStaff('catalog_editor'), '/staff/catalog');
  if (await page.getByTestId('start-draft').count()) await page.getByTestId('start-draft').click();
  await expect(page.getByTestId('draft-about')).toBeVisible();
  // A key in capitals is refused beside its box, with what was typed kept.
  const material = page.locator('#new-material');
  await material.getByLabel(/编号/).fill('Rehab Report');
  await material.getByLabel('中文名称').fill('康复进展报告');
  await material.getByLabel('英文名称').fill('Rehabilitation progress report');
  await page.getByTestId('save-material').click();
  await expect(page.getByTestId('material-errors')).toContainText('编号以小写英文字母开头');
  await expect(material.locator('#material_key')).toHaveAttribute('aria-invalid', 'true');
  await expect(material.getByLabel('中文名称')).toHaveValue('康复进展报告');
  await expectNoViolations(page, 'the catalog page with a refused new material');
  await material.getByLabel(/编号/).fill('rehab_progress_report');
  await page.getByTestId('save-material').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('修改已保存到草稿');

  // The item asks for it.
  await page.getByLabel(/查找要修改的事项/).fill('work_injury_rehab');
  await page.getByRole('button', { name: /^查找/ }).click();
  await page.getByTestId('draft-found').getByRole('link').first().click();
  await page.locator('#add_material').selectOption('rehab_progress_report');
  // And it is found by the words citizens use for it.
  await page.getByLabel(/市民的常用说法/).fill('工伤复健、康复报告');
  await page.getByTestId('save-item').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('修改已保存到草稿');
  await expect(page.getByTestId('draft-changes')).toContainText('新增材料“康复进展报告”');
  await expect(page.getByTestId('draft-changes')).toContainText('常用说法或所属人生事件有变化');
  await expect(page.getByLabel(/市民的常用说法/)).toHaveValue('工伤复健、康复报告');

  // The employer's name: at most 5 characters, after a minimum above the maximum is refused.
  await page.locator('a[href*="use=employer_name"]').click();
  const limits = page.locator('#use-form');
  await limits.getByLabel('最少字数').fill('9');
  await limits.getByLabel('最多字数').fill('5');
  await page.getByTestId('save-limits').click();
  await expect(page.getByTestId('use-errors')).toContainText('最小值大于最大值');
  await expect(limits.getByLabel('最少字数')).toHaveValue('9');
  await expectNoViolations(page, 'the catalog page with an item and its field limits open');
  await limits.getByLabel('最少字数').fill('2');
  await page.getByTestId('save-limits').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('修改已保存到草稿');
  await expect(page.locator('#use-form').getByLabel('最多字数')).toHaveValue('5');

  // Nothing of this reaches citizens until it is published: here it is thrown away.
  await page.getByTestId('discard-draft').click();
  await expect(page.getByTestId('catalog-outcome')).toContainText('草稿已放弃');
});

test('catalog editors download the catalog in use as a spreadsheet workbook', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'a desk task, at desktop width');
  await signInStaff(page, addStaff('catalog_editor'), '/staff');
  await page.getByRole('link', { name: /事项清单/ }).click();
  await expect(page.getByTestId('catalog-counts')).toContainText('31');
  const download = page.waitForEvent('download');
  await page.getByTestId('catalog-xlsx').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^catalog-.+\.xlsx$/);
  // An Office Open XML workbook is a zip file: it starts with "PK".
  expect(fs.readFileSync((await file.path()) ?? '').subarray(0, 2).toString()).toBe('PK');
  await expectNoViolations(page, 'the service catalog page');
});
