import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { noSeriousViolations, openSignedIn, screenshot } from './browser.js';
import { graphqlAs, startPortalRig, type PortalRig } from './portal-stack.js';

const PACT = `e2e-sign-${Date.now().toString(36)}`;
const TITLE = '（测试）贡嘎县 曲水县 检察院关于雅江流域线索移送的协作意见';
const FULL_PACT = `
  fragment F on Agreement { code status latestVersion versions { number digest signatures { orgCode } } }`;

const gql = graphqlAs;

const content = (clauses: string[]) => ({
  titleZh: TITLE,
  titleEn: '(Test) Gonggar–Quxu procuratorates: Yarlung Tsangpo transfers',
  clauses: clauses.map((text, i) => ({ number: i + 1, text })),
  effectiveFrom: '2026-01-01',
  effectiveTo: '2028-12-31',
  scope: {
    businessLines: ['criminal'],
    caseCategories: ['ecology-resources'],
    divisionCodes: ['540522', '540124'],
  },
  settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: true },
});

const page = (
  browser: Browser,
  rig: PortalRig,
  username: string,
  path: string,
  opts: { size?: 'desktop' | 'phone'; language?: 'en' | 'bo' } = {},
) => openSignedIn(browser, rig.portalUrl, username, path, opts);

describe('portal: pacts', () => {
  let rig: PortalRig;
  let digest = '';
  before(async () => {
    rig = await startPortalRig();
    // A pact that awaits 贡嘎县's signature of its newest version: drafted and circulated by 贡嘎县's prosecutor,
    // amended (version 2: clause 2 changed, clause 3 added), and signed by 曲水县's chief.
    await gql(
      rig,
      'gongga-prosecutor',
      `mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { code } }`,
      {
        input: {
          code: PACT,
          kind: 'RIVER_BASIN_PACT',
          partyCodes: ['proc-540522', 'proc-540124'],
          content: content(['双方互相移送属于对方管辖的案件线索。', '接收方五个工作日内确认收到。']),
        },
      },
    );
    await gql(
      rig,
      'gongga-prosecutor',
      `mutation($code: String!) { circulateAgreement(code: $code) { code } }`,
      {
        code: PACT,
      },
    );
    const amended = await gql<{ amendAgreement: { versions: { number: number; digest: string }[] } }>(
      rig,
      'gongga-prosecutor',
      `mutation($input: AmendAgreementInput!) { amendAgreement(input: $input) { ...F } } ${FULL_PACT}`,
      {
        input: {
          code: PACT,
          content: content([
            '双方互相移送属于对方管辖的案件线索。',
            '接收方三个工作日内确认收到，十个工作日内作出决定。',
            '双方共享本协作范围内的犯罪记录查询。',
          ]),
        },
      },
    );
    digest = amended.amendAgreement.versions.find((v) => v.number === 2)!.digest;
    await gql(
      rig,
      'qushui-chief',
      `mutation($input: SignAgreementInput!) { signAgreement(input: $input) { code } }`,
      {
        input: { code: PACT, version: 2, digest },
      },
    );
  });
  after(async () => {
    await rig?.stop();
  });

  it('lets a party chief find the pact, compare its versions, see the digest, sign, and see the signature', async () => {
    const { page: p, context, errors } = await page(rig.browser, rig, 'gongga-chief', '/pacts');
    await p.getByRole('heading', { name: '协作协议' }).waitFor();
    await p.getByRole('link', { name: TITLE }).waitFor();
    await p.getByRole('link', { name: '履约看板' }).waitFor();
    await screenshot(p, 'pacts-list-zh-1280');
    await noSeriousViolations(p, 'list');

    await p.getByRole('link', { name: TITLE }).click();
    await p.getByRole('heading', { name: TITLE }).waitFor();
    const diff = p.getByTestId('pact-diff');
    await diff.getByText('接收方三个工作日内确认收到，十个工作日内作出决定。').waitFor();
    assert.match((await diff.textContent()) ?? '', /第 2 条修改.*第 3 条新增/);
    assert.match((await diff.textContent()) ?? '', /接收方五个工作日内确认收到。/);
    const signatures = p.getByTestId('pact-signatures');
    assert.match((await signatures.textContent()) ?? '', /qushui-chief/);
    await screenshot(p, 'pacts-detail-zh-1280');
    await noSeriousViolations(p, 'detail');

    await p.getByTestId('pact-sign').click();
    const dialog = p.getByRole('dialog');
    await dialog.getByTestId('pact-sign-digest').waitFor();
    const shown = ((await dialog.getByTestId('pact-sign-digest').textContent()) ?? '').replace(/\s/g, '');
    assert.equal(shown, digest, 'the dialog shows the digest of version 2');
    const confirm = dialog.getByRole('button', { name: '确认签署' });
    assert.equal(await confirm.isDisabled(), true, 'nothing is signed before the person confirms');
    await screenshot(p, 'pacts-sign-dialog-zh-1280');
    await noSeriousViolations(p, 'sign dialog');
    await dialog.getByRole('checkbox').check();
    await confirm.click();
    await p.getByText('已签署。').waitFor();
    await p
      .getByTestId('pact-signatures')
      .locator('[data-testid=pact-signature][data-org=proc-540522][data-version="2"]')
      .getByText('gongga-chief')
      .waitFor();
    await p.getByTestId('pact-sign').waitFor({ state: 'detached' });
    await p.locator('[data-status=IN_FORCE]').first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('drafts a pact through the form, sends it for signature, and shows a refusal in the person’s language', async () => {
    const code = `${PACT}-ui`;
    const { page: p, context } = await page(rig.browser, rig, 'gongga-prosecutor', '/pacts/new');
    const fill = async () => {
      await p.getByRole('heading', { name: '起草协作协议' }).waitFor();
      await p.getByLabel('协议代码').fill(code);
      await p.getByLabel('当事方', { exact: true }).click();
      await p.getByLabel('当事方', { exact: true }).fill('曲水县');
      await p.keyboard.press('Enter');
      await p.keyboard.press('Escape');
      await p.getByLabel('中文名称').fill('（测试）界面起草的协作意见');
      await p.getByLabel('第 1 条', { exact: true }).fill('双方建立联席会议制度。');
      await p.getByLabel('生效日期').fill('2027-01-01');
    };
    await fill();
    await screenshot(p, 'pacts-new-zh-1280');
    await noSeriousViolations(p, 'new pact form');
    await p.getByRole('button', { name: '保存草稿' }).click();
    await p.getByRole('heading', { name: '（测试）界面起草的协作意见' }).waitFor();
    await p.locator('[data-status=DRAFT]').waitFor();
    await p.getByRole('button', { name: '送各方签署' }).click();
    await p.getByRole('dialog').getByRole('button', { name: '送各方签署' }).click();
    await p.locator('[data-status=CIRCULATING]').waitFor();
    // A prosecutor does not sign: only chief prosecutors do.
    assert.equal(await p.getByTestId('pact-sign').count(), 0);

    await p.goto(`${rig.portalUrl}/pacts/new`);
    await fill();
    await p.getByRole('button', { name: '保存草稿' }).click();
    const alert = p.getByRole('alert').filter({ hasText: '此代码的协议已存在' });
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-reason'), 'AGREEMENT_EXISTS');
    await context.close();
  });

  it('shows the scorecards per pact and per office as charts with the same figures in tables', async () => {
    const { page: p, context, errors } = await page(rig.browser, rig, 'gongga-chief', '/pacts/scorecards');
    await p.getByRole('heading', { name: '履约看板' }).waitFor();
    const chart = p.getByTestId('scorecard-chart-organization');
    await chart.waitFor();
    assert.equal(await chart.getAttribute('role'), 'img');
    const table = p.getByTestId('scorecard-table-organization');
    await table.getByText('贡嘎县人民检察院').first().waitFor();
    assert.match((await chart.getAttribute('aria-label')) ?? '', /贡嘎县人民检察院: 发出 \d+/);
    await p.locator('[data-testid=scorecard-chart-organization] svg').waitFor();
    await screenshot(p, 'pacts-scorecards-zh-1280');
    await noSeriousViolations(p, 'scorecards');
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const [language, size, label] of [
    [undefined, 'phone', 'zh-360'],
    ['en', 'desktop', 'en-1280'],
    ['en', 'phone', 'en-360'],
    ['bo', 'desktop', 'bo-1280'],
    ['bo', 'phone', 'bo-360'],
  ] as const) {
    it(`passes axe on list, detail with diff, and scorecards (${label})`, async () => {
      const {
        page: p,
        context,
        errors,
      } = await page(rig.browser, rig, 'gongga-chief', '/pacts', {
        size,
        ...(language ? { language } : {}),
      });
      await p.getByTestId('pact-list').locator(`a[href="/pacts/${PACT}"]`).waitFor();
      await noSeriousViolations(p, `list ${label}`);
      await screenshot(p, `pacts-list-${label}`);
      await p.getByTestId('pact-list').locator(`a[href="/pacts/${PACT}"]`).click();
      await p.getByTestId('pact-diff').locator('[data-testid=pact-diff-row]').first().waitFor();
      await noSeriousViolations(p, `detail ${label}`);
      await screenshot(p, `pacts-detail-${label}`);
      await p.goto(`${rig.portalUrl}/pacts/scorecards`);
      await p.locator('[data-testid=scorecard-chart-organization] svg').waitFor();
      await noSeriousViolations(p, `scorecards ${label}`);
      await screenshot(p, `pacts-scorecards-${label}`);
      if (size === 'phone') {
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
