import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  choose,
  onPage,
  openSignedIn,
  screenshot,
  selectLabelled,
  seriousAccessibilityViolations,
  WIDTHS,
} from './browser.js';
import { startPortalRig, type PortalRig } from './portal-stack.js';

const CASE_NUMBER = `贡公（刑）不立字〔2026〕${Date.now().toString(36)}号`;
const QUESTION =
  '（测试）群众举报禁渔期在雅鲁藏布江电鱼，公安机关初查后未立案，请检察机关就是否立案提出意见。';
const MATERIAL = '（测试）举报材料及初查笔录';
const OPINION = '（测试）请公安机关在期限内书面说明不立案理由，并附初查材料。';
const RESPONSE = '（测试）已书面说明不立案理由，初查材料随附。';
const MATTER = '（测试）犯罪嫌疑人已羁押四个月，经羁押必要性审查，无继续羁押必要。';
const DEMAND = '（测试）建议变更为取保候审，并在十日内将处理情况告知本院。';
const MEASURE_RESPONSE = '（测试）已变更为取保候审，决定书随附。';
/** The file the officer attaches on the phone and the prosecutor downloads. */
const PHOTO = randomBytes(700 * 1024 + 77);
const PHOTO_SHA256 = createHash('sha256').update(PHOTO).digest('hex');
const PHOTO_NAME = '（测试）现场照片 1.jpg';

describe('portal: police consultations on a phone', () => {
  let rig: PortalRig;
  let categoryZh = '';
  let id = '';
  const contexts: BrowserContext[] = [];

  before(async () => {
    rig = await startPortalRig();
    const token = await rig.stack.login('gongga-police');
    const lines = await rig.stack.graphql<{
      businessLines: { code: string; categories: { code: string; nameZh: string }[] }[];
    }>(`{ businessLines { code categories { code nameZh } } }`, { token });
    const criminal = lines.data!.businessLines.find((l) => l.code === 'criminal')!;
    categoryZh = (criminal.categories.find((c) => c.code === 'illegal-fishing') ?? criminal.categories[0]!)
      .nameZh;
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await rig?.stop();
  });

  /** A signed-in page at 360 px (or 1280); console errors collected; its context closed after the suite. */
  const open = async (username: string, path: string, size: keyof typeof WIDTHS = 'phone') => {
    const opened = await openSignedIn(rig.browser, rig.portalUrl, username, path, { size });
    contexts.push(opened.context);
    return opened;
  };

  const state = (page: Page, value: string) =>
    page
      .locator(`[data-testid=consultation-state][data-state=${value}]`)
      .first()
      .waitFor({ timeout: 15_000 });

  const checkPage = async (page: Page, where: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${where} scrolls sideways by ${overflow}px`);
    assert.deepEqual(await seriousAccessibilityViolations(page), [], where);
  };

  it('lets gongga-police log a consultation, gongga-prosecutor give the opinion, and the officer respond', async () => {
    const police = await open('gongga-police', '/consultations');
    const p = police.page;
    await onPage('consultations-log', p, async () => {
      await p.getByRole('heading', { name: '会商', exact: true }).waitFor();
      await checkPage(p, 'list at 360 px');
      await p.getByTestId('consultation-new').click();
      await p.getByRole('heading', { name: '登记会商' }).waitFor();
      assert.match((await p.getByTestId('consultation-isco').textContent()) ?? '', /贡嘎/);
      await p.getByLabel('公安案号').fill(CASE_NUMBER);
      await choose(p, selectLabelled(p, '案件类别（刑事）'), categoryZh);
      await choose(p, selectLabelled(p, '会商类型'), '立案监督');
      await p.getByLabel('提请检察机关答复的问题').fill(QUESTION);
      await p.getByLabel('材料 1', { exact: true }).fill(MATERIAL);
      // The pickers' lists are closed before axe looks (an open one is a listbox of its own).
      await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
      await checkPage(p, 'new at 360 px');
      await p.getByTestId('consultation-submit').click();
      await state(p, 'OPEN');
      id = (await p.locator('[data-consultation-id]').first().getAttribute('data-consultation-id')) ?? '';
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.equal(new URL(p.url()).pathname, `/consultations/${id}`);
      await p.getByTestId('consultation-question').getByText(QUESTION).waitFor();
      await p.getByTestId('consultation-materials').getByText(MATERIAL).waitFor();
      await p.getByTestId('consultation-opinion').getByText('检察院尚未提出意见。').waitFor();
      // The officer may not give the opinion, nor respond before there is one.
      assert.equal(await p.getByTestId('opinion-form').count(), 0);
      assert.equal(await p.getByTestId('response-form').count(), 0);
      await checkPage(p, 'detail (open) at 360 px');

      // Right after logging, on the phone: the officer attaches the file itself (SHA-256 computed here).
      await p.getByTestId('attachments').getByText('暂无附件').waitFor();
      await p.getByRole('button', { name: '上传附件' }).waitFor();
      // A type the service does not take is refused before anything is sent.
      await p.setInputFiles('[data-testid=attachment-upload]', {
        name: '（测试）程序.exe',
        mimeType: 'application/x-msdownload',
        buffer: Buffer.from('MZ'),
      });
      await p.getByTestId('attachment-bad-type').waitFor();
      assert.equal(await p.getByTestId('upload-progress').count(), 0);
      await p.setInputFiles('[data-testid=attachment-upload]', {
        name: PHOTO_NAME,
        mimeType: 'image/jpeg',
        buffer: PHOTO,
      });
      await p.locator('[data-testid=upload-progress][data-phase=done]').waitFor({ timeout: 30_000 });
      await p.locator(`[data-testid=attachment-sha256][data-sha256="${PHOTO_SHA256}"]`).waitFor();
      assert.equal(await p.getByTestId('attachment-bad-type').count(), 0, 'the refusal is cleared');
      const listed = (await p.getByTestId('attachments').textContent()) ?? '';
      assert.match(listed, /现场照片 1\.jpg/);
      assert.match(listed, /gongga-police/);
      await checkPage(p, 'attached at 360 px');
      await p.getByTestId('attachment').first().scrollIntoViewIfNeeded();
      await screenshot(p, 'consultation-attached-zh-360');
    });

    const prosecutor = await open('gongga-prosecutor', `/consultations/${id}`);
    const q = prosecutor.page;
    await onPage('consultations-opinion', q, async () => {
      await state(q, 'OPEN');
      await q.getByTestId('opinion-form').waitFor();
      assert.equal(await q.getByTestId('response-form').count(), 0);
      // The prosecutor sees the officer's file, may not add one, and downloads the very bytes.
      await q.locator(`[data-testid=attachment-sha256][data-sha256="${PHOTO_SHA256}"]`).waitFor();
      assert.equal(await q.locator('[data-testid=attachment-upload]').count(), 0);
      const [download] = await Promise.all([
        q.waitForEvent('download'),
        q.getByRole('button', { name: `下载 ${PHOTO_NAME}` }).click(),
      ]);
      assert.equal(download.suggestedFilename(), PHOTO_NAME);
      const saved = await readFile((await download.path())!);
      assert.ok(saved.equals(PHOTO), 'the prosecutor downloads the bytes the officer uploaded');
      await q.getByLabel('检察意见', { exact: true }).fill(OPINION);
      await q.getByRole('radio', { name: '说明不立案理由（7 个工作日）' }).check();
      await checkPage(q, 'opinion form at 360 px');
      await q.getByTestId('opinion-submit').click();
      await state(q, 'ANSWERED');
      await q.getByTestId('opinion-form').waitFor({ state: 'detached' });
      await q.getByTestId('opinion-text').getByText(OPINION).waitFor();
      assert.equal(
        await q.getByTestId('opinion-follow-up').getAttribute('data-follow-up'),
        'EXPLAIN_NON_FILING',
      );
      await q.getByTestId('follow-up-clock').first().waitFor();
    });

    await onPage('consultations-respond', p, async () => {
      // The officer's open page hears of the opinion as it is recorded (consultationNotifications), no reload.
      const live = p.getByTestId('consultation-live');
      await live.waitFor();
      assert.equal(await live.getAttribute('data-kind'), 'ANSWERED');
      assert.match((await live.textContent()) ?? '', /检察官已提出意见/);
      await state(p, 'ANSWERED');
      await p.getByTestId('opinion-text').getByText(OPINION).waitFor();
      const clock = p.getByTestId('consultation-opinion').getByTestId('follow-up-clock');
      await clock.waitFor();
      assert.match((await clock.getAttribute('data-due')) ?? '', /^\d{4}-\d{2}-\d{2}$/);
      // 7 working days ahead: the countdown runs and is not overdue.
      assert.match(
        (await clock.locator('[data-urgency]').getAttribute('data-urgency')) ?? '',
        /^(later|soon)$/,
      );
      assert.match((await clock.textContent()) ?? '', /剩 \d+ 天/);
      await p.getByTestId('response-form').waitFor();
      // After the opinion the file stays listed, and no more are attached.
      await p.locator(`[data-testid=attachment-sha256][data-sha256="${PHOTO_SHA256}"]`).waitFor();
      assert.equal(await p.locator('[data-testid=attachment-upload]').count(), 0);
      await checkPage(p, 'detail (answered) at 360 px');
      await screenshot(p, 'consultation-answered-zh-360');
      await p.getByLabel('公安回复', { exact: true }).fill(RESPONSE);
      await p.getByTestId('response-submit').click();
      await state(p, 'CLOSED');
      await p.getByTestId('response-text').getByText(RESPONSE).waitFor();
      await p.getByTestId('response-form').waitFor({ state: 'detached' });
      await checkPage(p, 'detail (closed) at 360 px');

      // Back in the list (newest first; the demonstration data may hold newer ones): the one just closed.
      await p.getByRole('link', { name: '返回会商列表' }).click();
      const card = p.locator(`[data-testid=consultation-card][data-consultation-id="${id}"]`);
      await card.waitFor();
      await card.locator('[data-state=CLOSED]').waitFor();
    });
    assert.deepEqual(police.errors, []);
    assert.deepEqual(prosecutor.errors, []);
  });

  it('lets gongga-prosecutor open a supervision matter that gongga-police sees arrive and answers', async () => {
    const police = await open('gongga-police', '/consultations');
    const p = police.page;
    await p.getByRole('heading', { name: '会商', exact: true }).waitFor();
    assert.equal(await p.getByTestId('supervision-new').count(), 0, 'the police open no supervision matters');
    const prosecutor = await open('gongga-prosecutor', '/consultations');
    const q = prosecutor.page;
    let matter = '';
    await onPage('consultations-supervise', q, async () => {
      await q.getByTestId('supervision-new').click();
      await q.getByRole('heading', { name: '发起监督事项' }).waitFor();
      assert.match((await q.getByTestId('consultation-isco').textContent()) ?? '', /贡嘎/);
      await q.getByLabel('公安案号').fill(`${CASE_NUMBER}-监督`);
      await choose(q, selectLabelled(q, '案件类别（刑事）'), categoryZh);
      await choose(q, selectLabelled(q, '会商类型'), '强制措施审查');
      await q.getByLabel('监督事项（检察院查明的情况）').fill(MATTER);
      await q.getByLabel('检察院的监督意见').fill(DEMAND);
      await q.getByRole('radio', { name: '反馈强制措施处理情况（10个工作日）' }).check();
      await q.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
      await checkPage(q, 'supervise at 360 px');
      await screenshot(q, 'consultation-supervise-zh-360');
      await q.getByTestId('consultation-submit').click();
      await state(q, 'ANSWERED');
      matter = (await q.locator('[data-consultation-id]').first().getAttribute('data-consultation-id')) ?? '';
      assert.match(matter, /^[0-9a-f-]{36}$/);
      await q.getByTestId('supervision-tag').waitFor();
      await q.getByTestId('opinion-text').getByText(DEMAND).waitFor();
      assert.equal(
        await q.getByTestId('opinion-follow-up').getAttribute('data-follow-up'),
        'REPORT_MEASURE_HANDLING',
      );
      assert.equal(await q.getByTestId('response-form').count(), 0, 'the prosecutor does not respond');
    });

    await onPage('consultations-supervision-arrives', p, async () => {
      // The officer's open list hears of it (consultationNotifications) and links to it, no reload.
      const arrived = p.getByTestId('consultation-arrived');
      await arrived.waitFor();
      assert.equal(await arrived.getAttribute('data-kind'), 'SUPERVISION_OPENED');
      const card = p.locator(`[data-testid=consultation-card][data-consultation-id="${matter}"]`);
      await card.getByTestId('supervision-tag').waitFor();
      await checkPage(p, 'list with an arrival at 360 px');
      await arrived.getByRole('link').click();
      await state(p, 'ANSWERED');
      await p.getByTestId('consultation-question').getByText(MATTER).waitFor();
      await p.getByTestId('consultation-opinion').getByTestId('follow-up-clock').waitFor();
      await checkPage(p, 'supervision matter at 360 px');
      await screenshot(p, 'consultation-supervision-zh-360');
      await p.getByLabel('公安回复', { exact: true }).fill(MEASURE_RESPONSE);
      await p.getByTestId('response-submit').click();
      await state(p, 'CLOSED');
      await p.getByTestId('response-text').getByText(MEASURE_RESPONSE).waitFor();
    });
    await onPage('consultations-supervise-languages', q, async () => {
      for (const language of ['en', 'bo'] as const) {
        await q.evaluate((l) => window.localStorage.setItem('yiti.language', l), language);
        await q.goto(`${rig.portalUrl}/consultations/supervise`);
        await q.waitForFunction((l) => document.documentElement.lang === l, language);
        await q.getByTestId('consultation-submit').waitFor();
        await screenshot(q, `consultations-supervise-${language}-360`);
        await checkPage(q, `supervise in ${language} at 360px`);
      }
      await q.evaluate(() => window.localStorage.setItem('yiti.language', 'zh-CN'));
    });
    assert.deepEqual(police.errors, []);
    assert.deepEqual(prosecutor.errors, []);
  });

  it('offers no logging to a prosecutor and nothing to do on another county’s consultation', async () => {
    const { page } = await open('qushui-prosecutor', '/consultations');
    await onPage('consultations-other-county', page, async () => {
      await page.getByRole('heading', { name: '会商', exact: true }).waitFor();
      assert.equal(await page.getByTestId('consultation-new').count(), 0);
      await page.goto(`${rig.portalUrl}/consultations/${id}`);
      await page.getByTestId('consultation-not-found').waitFor();
      await page.goto(`${rig.portalUrl}/consultations/new`);
      await page.getByTestId('not-police').waitFor();
    });
  });

  it('lets the officer edit and withdraw before the opinion, and closes the edit the moment the opinion comes', async () => {
    const gql = async <T>(username: string, query: string, variables: Record<string, unknown>) => {
      const r = await rig.stack.graphql<T>(query, { token: await rig.stack.login(username), variables });
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      return r.data!;
    };
    const logOne = async (n: number) =>
      (
        await gql<{ logConsultation: { id: string } }>(
          'gongga-police',
          `mutation ($input: LogConsultationInput!) { logConsultation(input: $input) { id } }`,
          {
            input: {
              iscoOrg: 'isco-540522',
              policeCaseNumber: `贡公（刑）立字〔2026〕${Date.now().toString(36)}${n}号`,
              category: 'illegal-mining',
              type: 'EARLY_INVOLVEMENT',
              question: `（测试）非法采砂案，请就取证方向提出意见 ${n}。`,
              materials: ['（测试）现场勘验笔录'],
              idempotencyKey: `e2e-consultation-${Date.now()}-${n}`,
            },
          },
        )
      ).logConsultation.id;
    const [edited, withdrawn] = [await logOne(1), await logOne(2)];

    const { page: p, errors } = await open('gongga-police', `/consultations/${edited}`);
    await onPage('consultations-edit', p, async () => {
      await state(p, 'OPEN');
      await p.getByTestId('consultation-edit').click();
      const form = p.getByTestId('edit-form');
      await form.waitFor();
      await checkPage(p, 'edit form at 360 px');
      await screenshot(p, 'consultations-edit-zh-CN-360');
      await form.getByLabel('提请检察机关答复的问题').fill('（测试）已修改：请就砂石量鉴定提出意见。');
      await form.getByTestId('edit-submit').click();
      await p
        .getByTestId('consultation-question')
        .getByText('（测试）已修改：请就砂石量鉴定提出意见。')
        .waitFor();
      await p.getByTestId('consultation-edited').getByText('gongga-police').waitFor();
      await state(p, 'OPEN');

      // The officer starts another edit; meanwhile the prosecutor gives the opinion.
      await p.getByTestId('consultation-edit').click();
      await p.getByTestId('edit-form').waitFor();
      await gql(
        'gongga-prosecutor',
        `mutation ($id: ID!) { recordConsultationOpinion(id: $id, opinion: "（测试）同意提前介入。", followUp: NONE) { id } }`,
        { id: edited },
      );
      // The open page is told at once: the edit can no longer be made, so the form goes and the page says why
      // (an edit sent before the notice arrives is the service's CONFLICT: apps/gateway/test/meetings.spec.ts).
      const live = p.getByTestId('consultation-live');
      await live.waitFor();
      assert.equal(await live.getAttribute('data-kind'), 'ANSWERED');
      // The page shows where it stands now: answered, with the opinion, and nothing left for the police to edit.
      await state(p, 'ANSWERED');
      await p.getByTestId('opinion-text').getByText('（测试）同意提前介入。').waitFor();
      assert.equal(await p.getByTestId('police-actions').count(), 0);
      assert.equal(await p.getByTestId('edit-form').count(), 0);
      await checkPage(p, 'refused edit at 360 px');

      await p.goto(`${rig.portalUrl}/consultations/${withdrawn}`);
      await state(p, 'OPEN');
      await p.getByTestId('consultation-withdraw').click();
      const dialog = p.getByRole('dialog');
      await dialog.locator('.ant-modal-confirm-title', { hasText: '撤回此会商？' }).waitFor();
      await checkPage(p, 'withdraw dialog at 360 px');
      // antd spaces a two-character Chinese label: 撤 回.
      await dialog.getByRole('button', { name: /^撤\s?回$/ }).click();
      await state(p, 'WITHDRAWN');
      await p
        .getByTestId('consultation-withdrawn')
        .getByText(/gongga-police/)
        .waitFor();
      assert.equal(await p.getByTestId('police-actions').count(), 0);
      await checkPage(p, 'withdrawn at 360 px');
    });
    assert.deepEqual(errors, []);

    const prosecutor = await open('gongga-prosecutor', `/consultations/${withdrawn}`);
    await onPage('consultations-withdrawn-prosecutor', prosecutor.page, async () => {
      await state(prosecutor.page, 'WITHDRAWN');
      assert.equal(await prosecutor.page.getByTestId('opinion-form').count(), 0);
    });
  });

  it('reads well at 1280 and 360 px in Chinese, English and Tibetan', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const width = WIDTHS[size].width;
      const { page } = await open('gongga-police', '/consultations', size);
      await onPage(`consultations-languages-${width}`, page, async () => {
        for (const language of ['zh-CN', 'en', 'bo'] as const) {
          await page.evaluate((l) => window.localStorage.setItem('yiti.language', l), language);
          for (const [name, path, ready] of [
            ['list', '/consultations', `a[href="/consultations/${id}"]`],
            ['new', '/consultations/new', '[data-testid=consultation-submit]'],
            ['detail', `/consultations/${id}`, '[data-testid=response-text]'],
          ] as const) {
            await page.goto(`${rig.portalUrl}${path}`);
            await page.waitForSelector(ready);
            await page.waitForFunction((l) => document.documentElement.lang === l, language);
            await screenshot(page, `consultations-${name}-${language}-${width}`);
            await checkPage(page, `${name} in ${language} at ${width}px`);
          }
        }
      });
    }
  });
});
