import { test, expect, Page } from '@playwright/test';
import { addStaff, expectNoViolations, signInStaff } from './helpers';

// The working-day calendar, for administrators: a year of the State Council's holiday notice
// is entered with a plain form; each wrong line is said beside its box (with and without
// JavaScript) and nothing is stored until all of it is right. 2035 is used so no other test's
// deadlines change.

function form(page: Page) {
  return {
    year: page.getByRole('textbox', { name: /^年度/ }),
    holidays: page.getByRole('textbox', { name: /^放假日期/ }),
    workdays: page.getByRole('textbox', { name: /^调休上班日/ }),
    save: page.getByRole('button', { name: /^保存该年度/ }),
  };
}

test('an administrator enters a year of the holiday notice; wrong lines are explained beside their box', async ({ page, browser, baseURL }) => {
  await signInStaff(page, addStaff('admin'));
  await page.getByRole('link', { name: /^工作日历/ }).click();
  await expect(page).toHaveURL(/\/staff\/calendar$/);
  await expect(page.locator('[data-testid=calendar-year][data-year="2026"]')).toContainText('2026-10-01..2026-10-07');
  await expectNoViolations(page, 'calendar');

  // A reversed range and a make-up day on a Tuesday: both said, with their lines, nothing saved.
  let f = form(page);
  await f.year.fill('2035');
  await f.holidays.fill('2035-01-01\n2035-02-13..2035-02-07');
  await f.workdays.fill('2035-02-06');
  await f.save.click();
  await expect(page).toHaveURL(/\/staff\/calendar\?errors=/);
  await expect(page.getByTestId('calendar-errors')).toBeVisible();
  await expect(page.locator('#holidays-error')).toContainText('第2行：不是日期或日期范围');
  await expect(page.locator('#workdays-error')).toContainText('第1行：不是周六或周日');
  await expect(page.locator('#year-error')).toBeEmpty();
  f = form(page);
  await expect(f.holidays).toHaveAttribute('aria-invalid', 'true');
  await expect(f.holidays).toHaveValue('2035-01-01\n2035-02-13..2035-02-07');
  await expect(f.year).toHaveValue('2035');
  // (The other screen size's run may have stored 2035 already: what was refused is not there.)
  await expect(page.getByTestId('calendar-years')).not.toContainText('2035-02-13..2035-02-07');
  await expect(page.getByTestId('calendar-years')).not.toContainText('2035-02-06');
  await expectNoViolations(page, 'calendar, a refused notice');

  await f.holidays.fill('2035-01-01\n2035-02-07..2035-02-13');
  await f.workdays.fill('2035-02-17');
  await f.save.click();
  await expect(page).toHaveURL(/\/staff\/calendar\?saved=2035$/);
  await expect(page.getByTestId('calendar-saved')).toContainText('2035年的放假安排已保存');
  await expect(page.locator('[data-testid=calendar-year][data-year="2035"]')).toContainText('2035-02-07..2035-02-13');
  await expectNoViolations(page, 'calendar, a year saved');

  // Without JavaScript: "change" fills the form with the year as stored; a correction saves.
  const plain = await browser.newContext({
    baseURL,
    viewport: page.viewportSize() ?? undefined,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const noScript = await plain.newPage();
  await noScript.goto('/staff/calendar');
  await noScript.getByRole('link', { name: '修改2035年' }).click();
  const g = form(noScript);
  await expect(g.year).toHaveValue('2035');
  await expect(g.workdays).toHaveValue('2035-02-17');
  await g.workdays.fill('2035-02-17\nsoon');
  await g.save.click();
  await expect(noScript.locator('#workdays-error')).toContainText('第2行：不是日期');
  await g.workdays.fill('2035-02-17\n2035-02-18');
  await g.save.click();
  await expect(noScript).toHaveURL(/\/staff\/calendar\?saved=2035$/);
  await expect(noScript.locator('[data-testid=calendar-year][data-year="2035"]')).toContainText('2035-02-18');
  await plain.close();
});

test('an administrator imports years from a file: a wrong line is reported on a page of its own, a right file is used at once', async ({ page }, info) => {
  await signInStaff(page, addStaff('admin'), '/staff/calendar');
  const upload = async (years: unknown) => {
    await page.locator('#calendar-file').setInputFiles({
      name: 'notices.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ years })),
    });
    await page.getByTestId('calendar-import').click();
  };
  // Each screen size's run has its own years (one server serves both); the second year has a
  // make-up day on a Wednesday.
  const [year, makeUp, wrong, weekday] = info.project.name === 'phone'
    ? [2036, '2036-02-03', 2037, '2037-01-07']
    : [2038, '2038-02-06', 2039, '2039-01-05'];
  const right = { year, holidays: [`${year}-01-01`, `${year}-01-27..${year}-02-02`], workdays: [makeUp] };
  await upload([right, { year: wrong, holidays: [`${wrong}-01-01`], workdays: [weekday] }]);
  await expect(page.getByTestId('upload-problems')).toContainText(`${wrong}年调休上班：第1行：不是周六或周日`);
  await expectNoViolations(page, 'a refused calendar file');
  await page.getByRole('link', { name: '返回工作日历' }).click();
  await expect(page.locator(`[data-testid=calendar-year][data-year="${year}"]`)).toHaveCount(0);

  await upload([right]);
  await expect(page).toHaveURL(new RegExp(`/staff/calendar\\?imported=${year}$`));
  await expect(page.getByTestId('calendar-saved')).toContainText(`已从文件导入${year}年的放假安排`);
  await expect(page.locator(`[data-testid=calendar-year][data-year="${year}"]`)).toContainText(`${year}-01-27..${year}-02-02`);
  await expectNoViolations(page, 'calendar, a file imported');
});
