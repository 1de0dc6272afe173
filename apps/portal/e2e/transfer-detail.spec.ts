import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '@yiti/devstack';
import {
  choose as chooseOption,
  newContext,
  onPage,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  WIDTHS,
} from './browser.js';
import { startPortalRig, type PortalRig } from './portal-stack.js';

const zh = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/portal/src/i18n/messages/zh-CN.json'), 'utf8')) as {
  errors: { code: Record<string, string> };
};
const zhDetail = JSON.parse(
  readFileSync(join(REPO_ROOT, 'apps/portal/src/i18n/messages/detail/zh-CN.json'), 'utf8'),
) as {
  returnReason: Record<string, string>;
  objectionGrounds: Record<string, string>;
  action: Record<string, string>;
};

const QUSHUI = 'proc-540124';

describe('portal: transfer detail', () => {
  let rig: PortalRig;
  let db: pg.Client;
  let gongga: string;
  let category: string;
  /** The transfer qushui-prosecutor returns; its attachment is corrupted at the end. */
  let returned: { id: string; attachmentId?: string; filename?: string };
  let objected: string;

  /** A transfer from 贡嘎 to 曲水, sent over GraphQL as gongga-prosecutor. */
  const sendTransfer = async (summary: string): Promise<string> => {
    const res = await rig.stack.graphql<{ sendTransfer: { id: string; state: string } }>(
      `mutation ($input: SendTransferInput!) { sendTransfer(input: $input) { id state } }`,
      {
        token: gongga,
        variables: {
          input: {
            receiverOrg: QUSHUI,
            kind: 'CASE',
            businessLine: 'criminal',
            category,
            summary,
            senderCaseNumber: `贡检移〔2026〕${Math.floor(Math.random() * 900 + 100)}号`,
            idempotencyKey: randomUUID(),
          },
        },
      },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal(res.data?.sendTransfer.state, 'SENT');
    return res.data!.sendTransfer.id;
  };

  const state = (page: Page, value: string) =>
    page.waitForSelector(`[data-testid=transfer-state][data-state=${value}]`, { timeout: 15_000 });

  const choose = (page: Page, testId: string, label: string) =>
    chooseOption(page, page.getByTestId(testId), label);

  before(async () => {
    rig = await startPortalRig();
    db = new pg.Client({ connectionString: rig.stack.databaseUrl });
    await db.connect();
    gongga = await rig.stack.login('gongga-prosecutor');
    const lines = await rig.stack.graphql<{
      businessLines: { code: string; categories: { code: string }[] }[];
    }>(`{ businessLines { code categories { code } } }`, { token: gongga });
    category = lines.data!.businessLines.find((l) => l.code === 'criminal')!.categories[0]!.code;
  });
  after(async () => {
    await db?.end().catch(() => undefined);
    await rig?.stop();
  });

  it('shows the receiver the receipt, takes a file with progress and its digest, gives it back, and returns the transfer', async () => {
    returned = { id: await sendTransfer('贡嘎县某非法采砂案（详情页测试）') };
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await onPage('receive-return', page, async () => {
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await signIn(page, rig.portalUrl, 'qushui-prosecutor', `/transfers/${returned.id}`);
      await page.waitForSelector('[data-testid=timeline] [data-testid=timeline-step][data-action=received]');
      await state(page, 'RECEIVED');
      const timeline = await page.textContent('[data-testid=timeline]');
      assert.match(timeline ?? '', new RegExp(zhDetail.action['received']!));
      assert.match(timeline ?? '', /贡嘎县人民检察院/);

      // A fresh load of the page: who I am, the reference lists, the transfer — three GraphQL requests.
      let requests = 0;
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/graphql') requests += 1;
      });
      await page.reload();
      await page.waitForSelector('[data-testid=timeline-step][data-action=received]');
      await page.waitForLoadState('networkidle');
      assert.ok(requests <= 3, `${requests} GraphQL requests`);

      // Upload: SHA-256 computed in the browser, progress shown, then listed with its digest.
      const content = randomBytes(3 * 1024 * 1024 + 123);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const filename = '现场勘验笔录 2026.pdf';
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { phases: string[] }).phases = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[data-testid=upload-progress]');
          const phase = bar?.getAttribute('data-phase');
          if (phase && seen[seen.length - 1] !== phase) seen.push(phase);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      await page.setInputFiles('[data-testid=attachment-upload]', {
        name: filename,
        mimeType: 'application/pdf',
        buffer: content,
      });
      await page.waitForSelector('[data-testid=upload-progress][data-phase=done]', { timeout: 30_000 });
      const listed = await page.waitForSelector(`[data-testid=attachment-sha256][data-sha256="${sha256}"]`);
      assert.match(
        (await listed.textContent()) ?? '',
        new RegExp(`^${sha256.slice(0, 8)}…${sha256.slice(-4)}`),
      );
      assert.equal(
        await page.getAttribute(
          '[data-testid=upload-progress] [role=progressbar], [data-testid=upload-progress][role=progressbar]',
          'aria-valuenow',
        ),
        '100',
      );
      const phases = await page.evaluate(() => (window as unknown as { phases: string[] }).phases);
      assert.ok(phases.includes('uploading') && phases.at(-1) === 'done', phases.join(','));
      const item = await page.textContent('[data-testid=attachments]');
      assert.match(item ?? '', /现场勘验笔录 2026\.pdf/);
      assert.match(item ?? '', /3 MB/);
      assert.match(item ?? '', /qushui-prosecutor/);
      await page.waitForSelector('[data-testid=timeline-step][data-action=attachment-added]');
      returned.attachmentId =
        (await page.getAttribute('[data-testid=attachment]', 'data-attachment-id')) ?? undefined;
      returned.filename = filename;

      // Download with the bearer token: the very bytes.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid=attachment-download]'),
      ]);
      assert.equal(download.suggestedFilename(), filename);
      const saved = await readFile((await download.path())!);
      assert.ok(saved.equals(content), 'the downloaded bytes are the uploaded ones');

      await screenshot(page, 'transfer-detail-received-zh-1280');
      assert.deepEqual(await seriousAccessibilityViolations(page), []);

      // Return it with a coded reason.
      await page.click('[data-testid=action-return]');
      await page.waitForSelector('[data-testid=confirm-action]');
      // OTHER needs an explanation: the form says so and sends nothing.
      await choose(page, 'return-reason', zhDetail.returnReason['OTHER']!);
      await page.click('[data-testid=confirm-action]');
      await page.waitForSelector('.ant-form-item-explain-error');
      await choose(page, 'return-reason', zhDetail.returnReason['NOT_OUR_JURISDICTION']!);
      await page.fill('[data-testid=action-text]', '案发地不在曲水县辖区。');
      await screenshot(page, 'transfer-detail-return-dialog-zh-1280');
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
      await page.click('[data-testid=confirm-action]');
      await state(page, 'RETURNED');
      const step = await page.waitForSelector('[data-testid=timeline-step][data-action=returned]');
      assert.match(
        (await step.textContent()) ?? '',
        new RegExp(zhDetail.returnReason['NOT_OUR_JURISDICTION']!),
      );
      assert.match((await step.textContent()) ?? '', /案发地不在曲水县辖区。/);
      assert.match((await page.textContent('[data-testid=overview]')) ?? '', /不属本院管辖/);
      assert.equal(await page.$('[data-testid=action-accept]'), null, 'nothing more to decide');
      assert.equal(await page.$('[data-testid=attachment-upload]'), null, 'no files on a final transfer');
      assert.deepEqual(errors, []);
    });
    await context.close();
  });

  it("lets the receiver's chief object with grounds, by keyboard too", async () => {
    objected = await sendTransfer('贡嘎县某盗伐林木线索（异议测试）');
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await onPage('object', page, async () => {
      await signIn(page, rig.portalUrl, 'qushui-chief', `/transfers/${objected}`);
      await state(page, 'RECEIVED');
      await page.focus('[data-testid=action-object]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=confirm-action]');
      // The grounds by keyboard: focus the select, open it, go down to the second option, take it.
      await page.focus('[data-testid=objection-grounds] input');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector(
        `[data-testid=objection-grounds] .ant-select-content[title="${zhDetail.objectionGrounds['THIRD_PARTY_HAS_JURISDICTION']}"], [data-testid=objection-grounds] [title="${zhDetail.objectionGrounds['THIRD_PARTY_HAS_JURISDICTION']}"]`,
      );
      await page.keyboard.press('Tab');
      await page.keyboard.type('第三方（拉萨市公安局）有管辖权。');
      assert.equal(await page.inputValue('[data-testid=action-text]'), '第三方（拉萨市公安局）有管辖权。');
      await page.click('[data-testid=confirm-action]');
      await state(page, 'OBJECTED');
      const step = await page.waitForSelector('[data-testid=timeline-step][data-action=objected]');
      assert.match(
        (await step.textContent()) ?? '',
        new RegExp(zhDetail.objectionGrounds['THIRD_PARTY_HAS_JURISDICTION']!),
      );
      assert.match((await page.textContent('[data-testid=overview]')) ?? '', /第三方有管辖权/);
      // The open dispute can go to the common superior (西藏自治区), and files can still be added.
      await page.waitForSelector('[data-testid=action-escalate]');
      await page.waitForSelector('[data-testid=attachment-upload]', { state: 'attached' });
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
    });
    await context.close();
  });

  it('takes an objected transfer to the common superior, whose chief designates who handles it', async () => {
    const id = await sendTransfer('贡嘎县某失火线索（指定管辖测试）');
    const chief = await rig.stack.login('qushui-chief');
    const objection = await rig.stack.graphql(
      `mutation ($id: ID!) { objectToTransfer(id: $id, grounds: SENDER_HAS_JURISDICTION, text: "应由贡嘎县办理。") { state } }`,
      { token: chief, variables: { id } },
    );
    assert.equal(objection.errors, undefined, JSON.stringify(objection.errors));
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await onPage('designate', page, async () => {
      await signIn(page, rig.portalUrl, 'qushui-chief', `/transfers/${id}`);
      await state(page, 'OBJECTED');
      await page.click('[data-testid=action-escalate]');
      await page.fill('[data-testid=action-text]', '双方未能协商一致，请求上级指定管辖。');
      await page.click('[data-testid=confirm-action]');
      await state(page, 'ESCALATED');
      await page.waitForSelector('[data-testid=timeline-step][data-action=escalated]');
    });
    await context.close();

    const superior = await newContext(rig.browser);
    const regional = await superior.newPage();
    await onPage('designate-superior', regional, async () => {
      await signIn(regional, rig.portalUrl, 'region-chief', `/transfers/${id}`);
      await state(regional, 'ESCALATED');
      await regional.click('[data-testid=action-designate]');
      // A searchable select: type part of the name, take the match with Enter.
      await regional.click('[data-testid=designate-org]');
      await regional.keyboard.type('贡嘎县');
      await regional.waitForSelector(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="贡嘎县人民检察院"]',
      );
      await regional.keyboard.press('Enter');
      await regional.waitForSelector('[data-testid=designate-org] [title="贡嘎县人民检察院"]');
      await regional.fill('[data-testid=action-text]', '案发地在贡嘎县，由贡嘎县人民检察院办理。');
      await screenshot(regional, 'transfer-detail-designate-dialog-zh-1280');
      assert.deepEqual(await seriousAccessibilityViolations(regional), []);
      await regional.click('[data-testid=confirm-action]');
      await state(regional, 'DESIGNATED');
      const step = await regional.waitForSelector('[data-testid=timeline-step][data-action=designated]');
      assert.match((await step.textContent()) ?? '', /贡嘎县人民检察院/);
      assert.equal(await regional.textContent('[data-testid=handling-org]'), '贡嘎县人民检察院');
    });
    await superior.close();
  });

  it('shows the service refusing a move the state no longer allows, in the dialog', async () => {
    const id = await sendTransfer('贡嘎县某污染环境线索（冲突测试）');
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await onPage('conflict', page, async () => {
      await signIn(page, rig.portalUrl, 'qushui-prosecutor', `/transfers/${id}`);
      await state(page, 'RECEIVED');
      // Meanwhile a colleague accepts it.
      const colleague = await rig.stack.login('qushui-chief');
      const accepted = await rig.stack.graphql(`mutation ($id: ID!) { acceptTransfer(id: $id) { state } }`, {
        token: colleague,
        variables: { id },
      });
      assert.equal(accepted.errors, undefined);
      await page.click('[data-testid=action-return]');
      await choose(page, 'return-reason', zhDetail.returnReason['DUPLICATE']!);
      await page.click('[data-testid=confirm-action]');
      const alert = await page.waitForSelector('.ant-modal [role=alert][data-reason=TRANSFER_ILLEGAL_MOVE]');
      assert.match((await alert.textContent()) ?? '', /移送当前的状态不允许此操作/);
      // Behind the dialog the page now shows the transfer as the colleague left it.
      await state(page, 'ACCEPTED');
      await page.waitForSelector('.ant-modal [role=alert][data-reason=TRANSFER_ILLEGAL_MOVE]');
      await screenshot(page, 'transfer-detail-refused-zh-1280');
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
    });
    await context.close();
  });

  it('refuses to save a file that fails its SHA-256, with the integrity error', async () => {
    assert.ok(returned?.attachmentId, 'the first test uploaded a file');
    const { rowCount } = await db.query(
      `UPDATE transfers.attachment_chunk SET data = set_byte(data, 10, 255 - get_byte(data, 10))
        WHERE attachment_id = $1 AND index = 0`,
      [returned.attachmentId],
    );
    assert.equal(rowCount, 1);
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await onPage('integrity', page, async () => {
      let downloads = 0;
      page.on('download', () => (downloads += 1));
      await signIn(page, rig.portalUrl, 'qushui-prosecutor', `/transfers/${returned.id}`);
      await page.click('[data-testid=attachment-download]');
      const alert = await page.waitForSelector('[data-testid=download-error][data-reason=DATA_INTEGRITY]');
      assert.match(
        (await alert.textContent()) ?? '',
        new RegExp(zh.errors.code['DATA_INTEGRITY']!.slice(0, 12)),
      );
      await page.waitForTimeout(500);
      assert.equal(downloads, 0, 'no file is saved');
      await screenshot(page, 'transfer-detail-integrity-zh-1280');
    });
    await context.close();
  });

  it('says plainly when a transfer is not there or not visible', async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await onPage('not-found', page, async () => {
      // The service answers null alike for a transfer that does not exist and one the caller may not see.
      await signIn(page, rig.portalUrl, 'qushui-prosecutor', `/transfers/${randomUUID()}`);
      await page.waitForSelector('[data-testid=transfer-not-found]');
      assert.match(
        (await page.textContent('[data-testid=transfer-not-found]')) ?? '',
        /未找到此移送，或您无权查看/,
      );
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
    });
    await context.close();
  });

  it('reads well at 1280 and 360 px in Chinese, English and Tibetan', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const context = await newContext(rig.browser, size);
      const page = await context.newPage();
      await onPage(`languages-${size}`, page, async () => {
        await signIn(page, rig.portalUrl, 'qushui-chief', `/transfers/${objected}`);
        for (const language of ['zh-CN', 'en', 'bo'] as const) {
          await page.evaluate((l) => window.localStorage.setItem('yiti.language', l), language);
          await page.reload();
          await page.waitForSelector('[data-testid=timeline-step][data-action=objected]');
          await page.waitForSelector('[data-testid=action-escalate]');
          const width = WIDTHS[size].width;
          await screenshot(page, `transfer-detail-${language}-${width}`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          assert.ok(overflow <= 0, `${language} at ${width}px scrolls sideways by ${overflow}px`);
          assert.deepEqual(await seriousAccessibilityViolations(page), [], `${language} at ${width}px`);
        }
        await page.click('[data-testid=action-escalate]');
        await page.waitForSelector('[data-testid=action-text]');
        await screenshot(page, `transfer-detail-escalate-dialog-bo-${WIDTHS[size].width}`);
        assert.deepEqual(await seriousAccessibilityViolations(page), []);
      });
      await context.close();
    }
  });
});
