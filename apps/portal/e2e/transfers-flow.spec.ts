import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  choose,
  newContext,
  screenshot,
  selectLabelled,
  seriousAccessibilityViolations,
  signIn,
  switchLanguage,
} from './browser.js';
import { startPortalRig, type PortalRig } from './portal-stack.js';

const QUSHUI = 'proc-540124';
const SHANNAN = 'proc-540500';
const GROUNDS = '移送方自身有管辖权';

/** Shanghai's wall clock `minutes` from now, as a datetime-local value. */
const shanghaiLocal = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);

/**
 * The path a person takes through the portal, in a real browser against the real stack: sign in through the
 * IdP, send a transfer from 贡嘎 to 曲水 with the covering pact, see it arrive live at 曲水 and accept it; object to
 * another and see the heads' consultation appear at 贡嘎, where the secretary schedules it; a user of another county cannot see a transfer that is
 * not theirs; the language switch changes the page's text.
 */
describe('portal: transfers from sending to deciding', () => {
  let rig: PortalRig;
  before(async () => {
    rig = await startPortalRig();
  });
  after(async () => {
    await rig?.stop();
  });

  it('sends from 贡嘎, arrives live at 曲水 without a reload, and is accepted there', async () => {
    const qushuiContext = await newContext(rig.browser);
    const qushui = await qushuiContext.newPage();
    await signIn(qushui, rig.portalUrl, 'qushui-prosecutor');
    // Counted once the list has loaded (a busy machine may still be fetching it after the network was idle).
    await qushui.locator('[data-testid=waiting][aria-busy=false]').waitFor();
    const waitingBefore = await qushui.getByTestId('transfer-card').count();

    const gonggaContext = await newContext(rig.browser);
    const gongga = await gonggaContext.newPage();
    await signIn(gongga, rig.portalUrl, 'gongga-prosecutor');
    await gongga.getByRole('menuitem', { name: '移送案件线索' }).click();
    await gongga.getByRole('heading', { name: '移送案件线索' }).waitFor();
    await choose(gongga, selectLabelled(gongga, '接收单位'), '曲水县人民检察院');
    await choose(gongga, selectLabelled(gongga, '业务条线'), '刑事检察');
    await choose(gongga, selectLabelled(gongga, '案件类别'), '生态环境和资源保护');
    // The pacts in force that cover 贡嘎 → 曲水, criminal, ecology, each with the deadlines it sets.
    await gongga.getByTestId('covering-pact').first().waitFor();
    const pact = await gongga.getByTestId('covering-pact').first().textContent();
    assert.match(pact ?? '', /签收 \d+ 个工作日，决定 \d+ 个工作日/);
    await gongga.getByTestId('covering-pact').first().click();
    const summary = `拉萨河曲水段非法采砂线索 ${randomUUID().slice(0, 8)}`;
    await gongga.getByLabel('摘要', { exact: true }).fill(summary);
    await gongga.getByLabel('本院案号').fill('贡检刑移〔2026〕7号');
    await screenshot(gongga, 'send-zh-1280');
    assert.deepEqual(await seriousAccessibilityViolations(gongga), []);
    await gongga
      .getByRole('button', { name: '发 送' })
      .or(gongga.getByRole('button', { name: '发送' }))
      .first()
      .click();
    const dialog = gongga.locator('.ant-modal-confirm');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /移送至 曲水县人民检察院/);
    await dialog.getByRole('button', { name: /发\s?送/ }).click();
    await gongga.waitForURL(/\/transfers\/[0-9a-f-]{36}$/);
    const transferId = gongga.url().split('/').pop()!;

    // 曲水's home page, open all along, shows it without a reload: the feed and the waiting list.
    await qushui
      .getByTestId('feed-item')
      .filter({ hasText: '贡嘎县人民检察院 向 曲水县人民检察院 移送了一件新的案件线索' })
      .waitFor({ timeout: 20_000 });
    await qushui.locator(`[data-testid=transfer-card][data-transfer-id="${transferId}"]`).waitFor();
    assert.equal(await qushui.getByTestId('transfer-card').count(), waitingBefore + 1);
    const card = qushui.locator(`[data-testid=transfer-card][data-transfer-id="${transferId}"]`);
    assert.match((await card.textContent()) ?? '', /签收期限 · 剩 \d+ 天/);
    await screenshot(qushui, 'home-live-zh-1280');

    await card.getByRole('link', { name: summary }).click();
    await qushui.getByTestId('action-accept').click();
    await qushui.getByTestId('confirm-action').click();
    await qushui.getByTestId('transfer-state').filter({ hasText: '已接收' }).waitFor();
    await gonggaContext.close();
    await qushuiContext.close();
  });

  it('objects at 曲水 and the heads’ consultation appears at 贡嘎', async () => {
    const token = await rig.stack.login('gongga-prosecutor');
    const summary = `跨县湿地非法占用 ${randomUUID().slice(0, 8)}`;
    const sent = await rig.stack.graphql(
      'mutation($input: SendTransferInput!) { sendTransfer(input: $input) { id } }',
      {
        token,
        variables: {
          input: {
            receiverOrg: QUSHUI,
            kind: 'CASE',
            businessLine: 'criminal',
            category: 'ecology-resources',
            summary,
            senderCaseNumber: '贡检刑移〔2026〕8号',
            idempotencyKey: randomUUID(),
          },
        },
      },
    );
    assert.equal(sent.errors, undefined);
    const id = (sent.data as { sendTransfer: { id: string } }).sendTransfer.id;

    const gonggaContext = await newContext(rig.browser);
    const gongga = await gonggaContext.newPage();
    await signIn(gongga, rig.portalUrl, 'gongga-secretary');
    await gongga.getByTestId('meetings').waitFor();

    const chiefContext = await newContext(rig.browser);
    const chief = await chiefContext.newPage();
    await signIn(chief, rig.portalUrl, 'qushui-chief', `/transfers/${id}`);
    await chief.getByTestId('action-object').click();
    await choose(chief, chief.getByTestId('objection-grounds'), GROUNDS);
    await chief.getByTestId('action-text').fill('该案主要行为地在贡嘎县境内，应由移送方管辖。');
    await chief.getByTestId('confirm-action').click();
    await chief.getByTestId('transfer-state').filter({ hasText: '有异议' }).waitFor();

    // The meetings service drafts the consultation at the sender: 三长会商：<summary>（<case number>）.
    await gongga
      .getByTestId('meeting')
      .filter({ hasText: `三长会商：${summary}（贡检刑移〔2026〕8号）` })
      .waitFor({ timeout: 20_000 });
    await screenshot(gongga, 'home-consultation-zh-1280');

    // The secretary gives the draft its time and place: its details are saved, then it is scheduled.
    await gongga.getByTestId('meeting').filter({ hasText: summary }).getByRole('link').click();
    await gongga.locator('[data-testid=meeting-detail][data-state=DRAFT]').waitFor();
    await gongga.getByLabel('开始时间').fill(shanghaiLocal(24 * 60));
    await gongga.getByLabel('结束时间').fill(shanghaiLocal(24 * 60 + 90));
    await gongga.getByLabel('地点').fill('贡嘎县人民检察院第一会议室');
    await screenshot(gongga, 'meeting-draft-schedule-zh-1280');
    assert.deepEqual(await seriousAccessibilityViolations(gongga), []);
    await gongga.getByTestId('meeting-edit-save').click();
    await gongga.locator('[data-testid=meeting-detail][data-state=SCHEDULED]').waitFor();
    assert.match(await gongga.getByTestId('meeting-detail').innerText(), /贡嘎县人民检察院第一会议室/);
    await gonggaContext.close();
    await chiefContext.close();
  });

  it('does not show a transfer between other organizations to a user of another county', async () => {
    const token = await rig.stack.login('qushui-prosecutor');
    const sent = await rig.stack.graphql(
      'mutation($input: SendTransferInput!) { sendTransfer(input: $input) { id } }',
      {
        token,
        variables: {
          input: {
            receiverOrg: SHANNAN,
            kind: 'LEAD',
            businessLine: 'criminal',
            category: 'ecology-resources',
            summary: '仅曲水与山南市可见的线索',
            idempotencyKey: randomUUID(),
          },
        },
      },
    );
    assert.equal(sent.errors, undefined);
    const id = (sent.data as { sendTransfer: { id: string } }).sendTransfer.id;
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await signIn(page, rig.portalUrl, 'gongga-prosecutor', `/transfers/${id}`);
    await page
      .getByText('仅曲水与山南市可见的线索')
      .waitFor({ state: 'detached', timeout: 1000 })
      .catch(() => undefined);
    await page.locator('.ant-result').waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /仅曲水与山南市可见的线索/);
    await page.goto(`${rig.portalUrl}/transfers/outbox`);
    await page.getByTestId('transfer-list').waitFor();
    await page.waitForLoadState('networkidle');
    assert.doesNotMatch(await page.locator('body').innerText(), /仅曲水与山南市可见的线索/);
    await page.goto(`${rig.portalUrl}/transfers/inbox`);
    await page.getByTestId('transfer-list').waitFor();
    await page.waitForLoadState('networkidle');
    assert.doesNotMatch(await page.locator('body').innerText(), /仅曲水与山南市可见的线索/);
    await context.close();
  });

  it('changes every string of the page with the language switch, and each page passes axe at 1280 and 360 px', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const context = await newContext(rig.browser, size);
      const page = await context.newPage();
      await signIn(page, rig.portalUrl, 'gongga-prosecutor');
      for (const [path, ready] of [
        ['/', 'waiting'],
        ['/transfers/inbox', 'transfer-list'],
        ['/transfers/outbox', 'transfer-list'],
        ['/transfers/new', 'deadline-preview'],
      ] as const) {
        await page.goto(`${rig.portalUrl}${path}`);
        await page.getByTestId(ready).waitFor();
        await page.waitForLoadState('networkidle');
        const name =
          (path === '/' ? 'home' : path.slice(1).replace(/\//g, '-')) + `-${size === 'desktop' ? 1280 : 360}`;
        for (const [language, label] of [
          ['zh-CN', '中文'],
          ['en', 'English'],
          ['bo', 'བོད་ཡིག'],
        ] as const) {
          await switchLanguage(page, label);
          await page.waitForFunction((lng) => document.documentElement.lang === lng, language);
          await screenshot(page, `${name}-${language}`);
          assert.deepEqual(await seriousAccessibilityViolations(page), [], `${path} ${language} ${size}`);
          if (language === 'en') {
            // Nothing of the portal's own is left in Chinese: only data (summaries, case numbers, titles).
            const text = await page.evaluate(() => {
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              const out: string[] = [];
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                // Data (names, summaries, case numbers) is marked translate="no"; hidden text does not count.
                if (!el || el.closest('[translate=no], noscript, [aria-hidden=true], [hidden]')) continue;
                if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
                out.push(n.textContent ?? '');
              }
              return out.join(' ');
            });
            const han = text.match(/[\u4e00-\u9fff]\S*/g) ?? [];
            assert.deepEqual(han, [], `${path}: Chinese left in English: ${han.join(' | ')}`);
          }
          if (language === 'bo') {
            const nav = await page.getByRole('navigation').innerText();
            assert.match(nav, /ངའི་ལས་ཀ/);
            assert.doesNotMatch(nav, /[\u4e00-\u9fff]/);
          }
        }
        await switchLanguage(page, '中文');
      }
      await context.close();
    }
  });
});
