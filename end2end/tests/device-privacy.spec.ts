import { test, expect, Page } from '@playwright/test';
import { fillMergedForm, hydrated } from './helpers';

// The browser keeps a local draft of the form (so a closed tab loses nothing), but never the
// fields marked sensitive, never for more than a day, and never after "forget this device".

const FORM = '/apply?items=work_injury_determination';
const PREFIX = 'yijian:answers:';
const OWN_KEY = `${PREFIX}work_injury_determination`;
const ID_NUMBER = '11010519491231002X';
const NAME = '张三丰';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Everything in local storage, each value as stored and as the text of its bytes (local drafts
 * are postcard in base64 without padding, so a typed value shows up in `text`, not `raw`).
 */
async function storedEntries(page: Page) {
  return page.evaluate(() => {
    const entries: { key: string; raw: string; text: string }[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      const raw = localStorage.getItem(key) ?? '';
      let text = '';
      try {
        const bytes = Uint8Array.from(atob(raw + '='.repeat((4 - (raw.length % 4)) % 4)), (c) => c.charCodeAt(0));
        text = new TextDecoder().decode(bytes);
      } catch {
        // Not base64: only the raw value can hold anything.
      }
      entries.push({ key, raw, text });
    }
    return entries;
  });
}

async function localDraftKeys(page: Page) {
  return (await storedEntries(page)).map((e) => e.key).filter((k) => k.startsWith(PREFIX)).sort();
}

/** A local draft as the form writes one (postcard: time in ms as a varint, then the answers). */
function packDraft(savedAtMs: number | null, answers: Record<string, string>): string {
  const bytes: number[] = [];
  const varint = (n: number) => {
    while (n >= 128) {
      bytes.push((n % 128) + 128);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
  };
  const text = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    varint(b.length);
    bytes.push(...b);
  };
  // `null`: the format before drafts carried their time (the bare answers).
  if (savedAtMs !== null) varint(savedAtMs);
  const keys = Object.keys(answers).sort();
  varint(keys.length);
  for (const k of keys) {
    text(k);
    text(answers[k]);
  }
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

async function setItems(page: Page, items: Record<string, string>) {
  await page.evaluate((items) => {
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
  }, items);
}

test('the local draft never holds the ID number, and a reload brings back the rest', async ({ page }) => {
  await page.goto(FORM);
  await hydrated(page);
  await fillMergedForm(page);
  await expect(page.getByLabel(/^公民身份号码/)).toHaveValue(ID_NUMBER);

  // The draft is kept on this device with what was typed…
  await expect.poll(async () => (await storedEntries(page)).some((e) => e.key === OWN_KEY && e.text.includes(NAME))).toBe(true);
  const entries = await storedEntries(page);
  expect(entries.find((e) => e.key === OWN_KEY)?.text).toContain('13800138000');
  // …but nowhere in local storage is the ID number, in any form.
  for (const e of entries) {
    expect(e.raw).not.toContain(ID_NUMBER);
    expect(e.text).not.toContain(ID_NUMBER);
  }

  // Coming back: the rest is restored, the sensitive field is left empty.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel(/^姓名/)).toHaveValue(NAME);
  await expect(page.getByLabel(/^手机号码/)).toHaveValue('13800138000');
  await expect(page.getByLabel(/^公民身份号码/)).toHaveValue('');
});

test('a draft older than a day is neither restored nor kept; a sensitive value is never restored', async ({ page }) => {
  await page.goto(FORM);
  await hydrated(page);
  const now = await page.evaluate(() => Date.now());
  await setItems(page, {
    // This form's draft from a moment ago, somehow holding an ID number: restored without it.
    [OWN_KEY]: packDraft(now - 60_000, { name: '李四', id_number: ID_NUMBER }),
    // Another selection's draft from a day ago, and one from before drafts carried their time.
    [`${PREFIX}unemployment_benefit`]: packDraft(now - DAY_MS - 1000, { name: '旧的名字' }),
    [`${PREFIX}birth_registration`]: packDraft(null, { name: '王五', id_number: ID_NUMBER }),
    // Another selection's recent draft stays for when that form is opened.
    [`${PREFIX}social_security_card`]: packDraft(now - 60_000, { name: '赵六' }),
    'unrelated:key': 'left alone',
  });
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel(/^姓名/)).toHaveValue('李四');
  await expect(page.getByLabel(/^公民身份号码/)).toHaveValue('');
  await expect.poll(() => localDraftKeys(page)).toEqual([`${PREFIX}social_security_card`, OWN_KEY].sort());
  const entries = await storedEntries(page);
  for (const e of entries) expect(e.text).not.toContain(ID_NUMBER);
  expect(entries.find((e) => e.key === 'unrelated:key')?.raw).toBe('left alone');

  // This form's own draft, once a day old, is not restored either (and is removed).
  await setItems(page, { [OWN_KEY]: packDraft(now - DAY_MS - 1000, { name: '李四' }) });
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel(/^公民身份号码/)).toBeVisible();
  await expect(page.getByLabel(/^姓名/)).toHaveValue('');
  await expect.poll(() => localDraftKeys(page)).toEqual([`${PREFIX}social_security_card`]);
});

test('"forget this device" removes every local draft and says so', async ({ page }) => {
  await page.goto(FORM);
  await hydrated(page);
  await fillMergedForm(page);
  await setItems(page, { [`${PREFIX}social_security_card`]: packDraft(await page.evaluate(() => Date.now()), { name: '赵六' }) });
  await expect.poll(() => localDraftKeys(page)).toEqual([`${PREFIX}social_security_card`, OWN_KEY].sort());

  const forget = page.getByRole('button', { name: /忘记本设备上的填写内容/ });
  await expect(forget).toHaveAttribute('type', 'button');
  await expect(forget).toHaveAccessibleName('忘记本设备上的填写内容');
  // Fits the screen (390 px on a phone) and takes focus from the keyboard.
  const box = await forget.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await forget.focus();
  await expect(forget).toBeFocused();
  await forget.press('Enter');

  await expect(page.getByTestId('forget-device-status')).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByRole('status').filter({ hasText: '已清除' })).toContainText('本设备不再保存此表的填写内容');
  await expect.poll(() => localDraftKeys(page)).toEqual([]);

  // The page keeps nothing more on this device, whatever is typed next (in a field on screen:
  // on a phone only the current section is shown).
  const field = page.locator('form.merged-form input[name^="answers["][type=text]:not([readonly]):visible').first();
  await field.fill('测试修改');
  await field.blur();
  await page.waitForTimeout(300);
  expect(await localDraftKeys(page)).toEqual([]);
  // What was typed is still on the page, so it can still be sent.
  await expect(field).toHaveValue('测试修改');
});
