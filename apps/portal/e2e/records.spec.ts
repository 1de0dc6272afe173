import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '@yiti/devstack';
import { choose, noSeriousViolations, onPage, openSignedIn, screenshot, selectLabelled } from './browser.js';
import { startPortalRig, type PortalRig } from './portal-stack.js';

/** GB 11643: 17 digits and their check character. */
function citizenId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
/** The demonstration persons (apps/records/src/people/demo-seed.ts). */
const TASHI = citizenId('54222319880412031'); // 贡嘎县院's
const WANG = citizenId('54050219790215051'); // 乃东区院's: not 贡嘎's to read
const CASE = `贡检刑诉〔2026〕${Date.now() % 1000}号`;

type Language = 'zh-CN' | 'en' | 'bo';
type Size = 'desktop' | 'phone';
const px = (size: Size) => (size === 'desktop' ? 1280 : 360);

const open = (
  browser: Browser,
  rig: PortalRig,
  username: string,
  path: string,
  size: Size,
  language: Language,
) => openSignedIn(browser, rig.portalUrl, username, path, { size, language });

/** The messages as the page shows them. */
const zh = JSON.parse(
  readFileSync(join(REPO_ROOT, 'apps/portal/src/i18n/messages/records/zh-CN.json'), 'utf8'),
) as { lookup: Record<string, string>; purpose: Record<string, string> };
const purposeOption = (code: string) => `${zh.purpose[code]}（${zh.lookup['judicial']}）`;

async function fillPurpose(p: Page, code: string | null) {
  if (code)
    await choose(
      p,
      selectLabelled(p, '用途'),
      code === 'QUALIFICATION_CHECK' ? zh.purpose[code]! : purposeOption(code),
    );
  await p.locator('input#caseNumber').fill(CASE);
  await p.locator('textarea#justification').fill('审查起诉中核实犯罪嫌疑人有无前科');
}

async function lookUpId(p: Page, id: string) {
  await p.locator('input#citizenId').fill(id);
  // antd spaces a two-character Chinese label (查 询): the form's one submit button.
  await p.locator('button[type=submit]').click();
}

describe('portal: offender records', () => {
  let rig: PortalRig;
  before(async () => {
    rig = await startPortalRig();
  });
  after(async () => {
    await rig?.stop();
  });

  it("refuses a lookup without a purpose and answers another county's person as no match, then looks up and opens the detail", async () => {
    const {
      page: p,
      context,
      errors,
    } = await open(rig.browser, rig, 'gongga-prosecutor', '/records', 'desktop', 'zh-CN');
    await p.getByRole('heading', { name: '犯罪记录查询' }).waitFor();
    await p.getByRole('menuitem', { name: '犯罪记录查询' }).waitFor();
    assert.equal(
      await p.getByRole('menuitem', { name: '查询审计' }).count(),
      0,
      'a prosecutor is no auditor',
    );
    await noSeriousViolations(p, 'lookup form');

    // No purpose at all: the records service refuses, with its typed reason, and audits the refusal.
    await lookUpId(p, TASHI);
    const refused = p.getByRole('alert').filter({ hasText: '查询须说明用途' });
    await refused.waitFor();
    assert.equal(await refused.getAttribute('data-reason'), 'RECORDS_PURPOSE_MISSING');
    await screenshot(p, 'records-refused-purpose-zh-1280');

    // Another county's person (王小明, held by 乃东区院): the same answer as nobody.
    await fillPurpose(p, 'PROSECUTION_REVIEW');
    await lookUpId(p, WANG);
    await p.getByTestId('no-match').waitFor();
    assert.equal(await p.getByTestId('record-person').count(), 0);
    assert.match((await p.getByTestId('no-match').textContent()) ?? '', /其他县院保管的记录/);

    // 扎西次仁: masked in the list, whole in the detail view, which is its own audited request.
    await lookUpId(p, TASHI);
    const person = p.getByTestId('record-person');
    await person.waitFor();
    assert.equal(await person.getByTestId('masked-citizen-id').textContent(), '542223************');
    assert.ok(
      !(await person.innerHTML()).includes(TASHI),
      'the full ID is not in the result before the detail view (only in the field it was typed into)',
    );
    assert.match((await person.textContent()) ?? '', /扎西次仁/);
    await screenshot(p, 'records-result-zh-1280');
    await noSeriousViolations(p, 'lookup result');
    const button = person.getByTestId('view-detail');
    assert.match((await button.textContent()) ?? '', /记入审计日志/);
    await button.click();
    const detail = p.getByTestId('record-detail');
    await detail.waitFor();
    assert.equal(await detail.getByTestId('full-citizen-id').textContent(), TASHI);
    assert.equal(await detail.getByTestId('conviction').count(), 1);
    assert.match((await detail.textContent()) ?? '', /扎喜才仁/);
    await screenshot(p, 'records-detail-zh-1280');
    await noSeriousViolations(p, 'detail');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows a sealed juvenile record only for a judicial purpose, and otherwise why it is withheld', async () => {
    const { page: p, context } = await open(
      rig.browser,
      rig,
      'gongga-prosecutor',
      '/records',
      'desktop',
      'zh-CN',
    );
    await p.getByRole('heading', { name: '犯罪记录查询' }).waitFor();
    const search = async (code: string) => {
      await fillPurpose(p, code);
      await p.getByRole('radio', { name: '姓名和出生日期' }).check();
      await p.locator('input#name').fill('次仁卓玛');
      await p.locator('input#birthDate').fill('2004-09-03');
      await p.locator('button[type=submit]').click();
      const person = p.getByTestId('record-person').first();
      await person.waitFor();
      await person.getByTestId('view-detail').click();
      await person.getByTestId('record-detail').waitFor();
      return person;
    };
    const judicial = await search('ARREST_REVIEW');
    await judicial.getByTestId('sealed-shown').waitFor();
    assert.equal(await p.getByTestId('sealed-withheld').count(), 0);
    await screenshot(p, 'records-sealed-shown-zh-1280');
    const other = await search('QUALIFICATION_CHECK');
    assert.equal(await other.getByTestId('conviction').count(), 0);
    assert.equal(await other.getByTestId('sealed-shown').count(), 0);
    assert.match((await p.getByTestId('sealed-withheld').first().textContent()) ?? '', /不是司法用途/);
    await screenshot(p, 'records-sealed-withheld-zh-1280');
    await noSeriousViolations(p, 'sealed withheld');
    await context.close();
  });

  it("shows the city auditor that lookup in the trail, the chain's verification and a CSV export", async () => {
    const {
      page: p,
      context,
      errors,
    } = await open(rig.browser, rig, 'city-auditor', '/records/audit', 'desktop', 'zh-CN');
    await p.getByRole('heading', { name: '犯罪记录查询审计' }).waitFor();
    await p.getByRole('menuitem', { name: '查询审计' }).waitFor();
    await p.getByTestId('chain-ok').waitFor();
    await p.locator('[data-testid=last-checkpoint], [data-testid=no-checkpoint]').first().waitFor();
    await p.locator('input#actor').fill('gongga-prosecutor');
    await p.locator('button[type=submit]').click();
    await p.waitForURL(/actor=gongga-prosecutor/);
    const rows = p.getByTestId('audit-entry');
    // The filtered page arrives after the address changes: wait, in one look at the page, until the trail is no
    // longer loading and shows only this actor's entries with the three outcomes of the first test.
    const wanted = ['ok', 'denied:holder', 'rejected:purpose'];
    const outcomes = await p
      .waitForFunction(
        (w) => {
          const region = document.querySelector('[data-testid=audit-entries]');
          if (!region || region.getAttribute('aria-busy') === 'true') return false;
          const entries = [...region.querySelectorAll('[data-testid=audit-entry]')];
          if (entries.length === 0 || entries.some((e) => !e.textContent?.includes('gongga-prosecutor')))
            return false;
          const got = entries.flatMap((e) =>
            [...e.querySelectorAll('[data-outcome]')].map((o) => o.getAttribute('data-outcome')),
          );
          return w.every((o) => got.includes(o)) ? got : false;
        },
        wanted,
        { timeout: 15_000 },
      )
      .then((handle) => handle.jsonValue() as Promise<string[]>)
      .catch(async (e: unknown) => {
        const shown = await p
          .locator('[data-outcome]')
          .evaluateAll((els) => els.map((o) => o.getAttribute('data-outcome')));
        throw new Error(`the filtered trail never showed ${wanted.join(', ')} (shown: ${shown.join(', ')})`, {
          cause: e,
        });
      });
    for (const o of wanted) assert.ok(outcomes.includes(o), `${o} in ${outcomes.join(', ')}`);
    const wang = rows.filter({ hasText: WANG }).first();
    assert.match((await wang.textContent()) ?? '', new RegExp(CASE.replace(/[〔〕]/g, '.')));
    assert.match((await wang.textContent()) ?? '', /记录由无权查看的单位保管/);
    assert.match((await wang.textContent()) ?? '', /贡嘎县人民检察院|贡嘎/);
    const refused = rows.filter({ hasText: '驳回：未说明用途' }).first();
    assert.match((await refused.textContent()) ?? '', /未填写/);
    await screenshot(p, 'records-audit-zh-1280');
    await noSeriousViolations(p, 'audit');

    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 with a byte-order mark');
    assert.ok(csv.includes(CASE), 'the case number is in the export');
    assert.ok(csv.includes('\r\n'));
    assert.ok(csv.split('\r\n').every((line) => !/^[=+\-@]/.test(line)));
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const language of ['zh-CN', 'en', 'bo'] as const) {
    for (const size of ['desktop', 'phone'] as const) {
      it(`renders both pages in ${language} at ${px(size)} px without serious accessibility violations`, async () => {
        const lookup = await open(rig.browser, rig, 'gongga-prosecutor', '/records', size, language);
        const p = lookup.page;
        await onPage(`records-lookup-${language}-${px(size)}`, p, async () => {
          await p.getByTestId('purpose-code').waitFor();
          await screenshot(p, `records-lookup-${language}-${px(size)}`);
          await noSeriousViolations(p, `lookup form ${language} ${size}`);
          // The purpose by position, since its labels are in the page's language.
          await choose(p, p.locator('.ant-select').first(), 1);
          await p.locator('input#caseNumber').fill(CASE);
          await p.locator('textarea#justification').fill('核实有无前科');
          await p.locator('input#citizenId').fill(TASHI);
          await p.locator('button[type=submit]').click();
          const person = p.getByTestId('record-person');
          await person.waitFor();
          await person.getByTestId('view-detail').click();
          await p.getByTestId('record-detail').waitFor();
          await screenshot(p, `records-detail-${language}-${px(size)}`);
          await noSeriousViolations(p, `detail ${language} ${size}`);
          if (size === 'phone') {
            const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 1, `no sideways scrolling at 360 px (${overflow} px)`);
          }
        });
        await lookup.context.close();

        const audit = await open(rig.browser, rig, 'city-auditor', '/records/audit', size, language);
        await audit.page.getByTestId('chain-ok').waitFor();
        await audit.page.getByTestId('audit-entry').first().waitFor();
        await screenshot(audit.page, `records-audit-${language}-${px(size)}`);
        await noSeriousViolations(audit.page, `audit ${language} ${size}`);
        if (language !== 'zh-CN') {
          const title = (await audit.page.getByRole('heading', { level: 2 }).textContent()) ?? '';
          assert.doesNotMatch(title, /[\u4e00-\u9fff]/, `the title is in ${language}: ${title}`);
        }
        await audit.context.close();
      });
    }
  }
});
