import { test, expect, Page } from '@playwright/test';
import { continueToMaterials, fillMergedForm, hydrated, uploadEveryMaterial } from './helpers';

// Latin a Chinese page may hold: the way to English itself, file types, the pinyin example of
// the search box and the example application number (codes, not words).
const LATIN_IN_CHINESE = new Set(['English', 'PDF', 'JPG', 'PNG', 'JPEG', 'gskf', 'ABCD']);
// Chinese an English page may hold: the way back to Chinese.
const CHINESE_IN_ENGLISH = new Set(['中文']);

/** Words of three or more Latin letters in the page's text that are not on the list. */
async function englishWords(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return [...new Set([...text.matchAll(/[A-Za-z]{3,}/g)].map((m) => m[0]))].filter((w) => !LATIN_IN_CHINESE.has(w));
}

/** Runs of Chinese characters in the page's text that are not on the list. */
async function chineseRuns(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return [...new Set(text.match(/[\u3400-\u9fff]+/g) ?? [])].filter((w) => !CHINESE_IN_ENGLISH.has(w));
}

const CITIZEN_PAGES = ['/', '/?q=失业', '/apply?items=unemployment_registration&items=work_injury_rehab', '/track', '/resume', '/sign-in', '/staff/sign-in', '/no-such-page'];

test('in Chinese a page holds no English, and in English no Chinese', async ({ page, context }) => {
  for (const path of CITIZEN_PAGES) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(await englishWords(page), `English on ${path}`).toEqual([]);
  }
  await context.addCookies([{ name: 'lang', value: 'en', url: page.url() }]);
  for (const path of CITIZEN_PAGES) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // The sign-in page lists the development identities by their names: values, not UI.
    // A search's results are headed by what the reader typed: their words, not UI.
    const runs = (await chineseRuns(page))
      .filter((w) => !(path === '/sign-in' && /^[\u3400-\u9fff]{2,3}$/.test(w)))
      .filter((w) => !(path === '/?q=失业' && w === '失业'));
    expect(runs, `Chinese on ${path}`).toEqual([]);
  }
});

test('the HTML as served carries one language only', async ({ request }) => {
  const zh = await (await request.get('/')).text();
  expect(zh).toContain('选择要办理的事项');
  expect(zh).not.toContain('Choose what you need to do');
  const en = await (await request.get('/', { headers: { cookie: 'lang=en' } })).text();
  expect(en).toContain('Choose what you need to do');
  expect(en).not.toContain('选择要办理的事项');
});

test('check your answers shows each value once', async ({ page }) => {
  await page.goto('/apply?items=unemployment_registration');
  await hydrated(page);
  await fillMergedForm(page, { name: '陈小明', id_number: '442000198503120312' });
  await continueToMaterials(page);
  await uploadEveryMaterial(page);
  const text = await page.locator('main').innerText();
  expect(text.split('陈小明').length - 1).toBe(1);
  const masked = text.match(/\*{6,}0312/g) ?? [];
  expect(masked).toHaveLength(1);
  // What remains in Latin letters is the reader's own: the uploaded files' names and the
  // resume code.
  const files = (await page.locator('main').innerText()).match(/[\w-]+\.png/g) ?? [];
  const code = (await page.getByTestId('resume-code').first().textContent()) ?? '';
  const own = [...files, code].join(' ');
  expect((await englishWords(page)).filter((w) => !own.includes(w))).toEqual([]);
});

// Switching language on the form keeps what was typed: reading-modes.spec.ts, with the
// elder-friendly mode's switch.
