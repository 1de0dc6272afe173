import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { newContext, screenshot, seriousAccessibilityViolations, signIn, WIDTHS } from './browser.js';
import { graphqlAs, startPortalRig, type PortalRig } from './portal-stack.js';

const ISCO = 'isco-540522';
const ISCO_NAME = '贡嘎县侦查监督与协作配合办公室';

type Figures = {
  consultationStatistics: { iscoOrg: string; consultations: number; meetingsHeld: number }[];
  meetingStatistics: { hostOrg: string; kind: string; meetingsHeld: number; casesDiscussed: number }[];
  organizations: { code: string; kind: string; active: boolean }[];
};
const FIGURES = `{
  consultationStatistics { iscoOrg consultations meetingsHeld }
  meetingStatistics { hostOrg kind meetingsHeld casesDiscussed }
  organizations(filter: { kind: ISCO }) { code kind active } }`;

/** The cells of a table's row whose first cell is `name`, as text. */
async function rowOf(page: Page, table: string, name: string): Promise<string[]> {
  const row = page.locator(`[data-testid=statistics-table-${table}] tbody tr`, { hasText: name });
  return row.first().locator('td').allTextContents();
}

describe('portal: statistics', () => {
  let rig: PortalRig;

  const gql = <T>(user: string, query: string, variables: Record<string, unknown> = {}) =>
    graphqlAs<T>(rig, user, query, variables);

  before(async () => {
    rig = await startPortalRig();
    // Something to count: a consultation at 贡嘎's ISCO, and an ISCO meeting on it held there.
    const { logConsultation } = await gql<{ logConsultation: { id: string } }>(
      'gongga-police',
      `mutation($input: LogConsultationInput!) { logConsultation(input: $input) { id } }`,
      {
        input: {
          iscoOrg: ISCO,
          policeCaseNumber: `贡公刑〔2026〕${Math.floor(Math.random() * 900 + 100)}号`,
          category: 'illegal-mining',
          type: 'FILING_SUPERVISION',
          question: '群众举报夜间非法采砂，公安机关拟不立案，是否符合立案条件？',
          idempotencyKey: randomUUID(),
        },
      },
    );
    type M = { id: string; version: number };
    const meeting = async (name: string, params: string, args: string, variables: Record<string, unknown>) =>
      (
        await gql<Record<string, M>>(
          'gongga-isco-secretary',
          `mutation($id: ID!, $v: Int!${params}) { ${name}(id: $id, expectedVersion: $v${args}) { id version } }`,
          variables,
        )
      )[name]!;
    const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const { createMeeting } = await gql<{ createMeeting: M }>(
      'gongga-isco-secretary',
      `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id version } }`,
      {
        input: {
          kind: 'ISCO_CONSULTATION',
          title: '贡嘎县侦查监督与协作配合办公室会商会（统计测试）',
          startsAt: soon(0.5),
          endsAt: soon(1.5),
          location: ISCO_NAME,
          invitees: [{ org: 'police-540522' }, { org: 'proc-540522' }],
          idempotencyKey: randomUUID(),
        },
      },
    );
    let m = await meeting('startMeeting', '', '', { id: createMeeting.id, v: createMeeting.version });
    m = await meeting('recordAttendance', ', $a: [AttendeeInput!]!', ', attendees: $a', {
      id: m.id,
      v: m.version,
      a: [
        { username: 'gongga-police', org: 'police-540522', role: 'POLICE', present: true },
        { username: 'gongga-prosecutor', org: 'proc-540522', role: 'PROSECUTOR', present: true },
      ],
    });
    m = await meeting('recordAgendaItem', ', $item: AgendaItemInput!', ', item: $item', {
      id: m.id,
      v: m.version,
      item: {
        number: 1,
        title: '采砂案立案监督',
        consultationId: logConsultation.id,
        decision: '跟踪立案情况。',
      },
    });
    await meeting('concludeMeeting', '', '', { id: m.id, v: m.version });
  });
  after(async () => {
    await rig?.stop();
  });

  it("shows the city's figures with every office, zeros included, and exports them to Excel", async () => {
    const api = await gql<Figures>('city-chief', FIGURES);
    const counted = api.consultationStatistics.find((s) => s.iscoOrg === ISCO)!;
    assert.ok(counted.consultations >= 1 && counted.meetingsHeld >= 1, JSON.stringify(counted));
    const iscos = api.organizations.filter((o) => o.active && o.code.startsWith('isco-5405'));
    const quiet = iscos.filter((o) => !api.consultationStatistics.some((s) => s.iscoOrg === o.code));
    assert.ok(quiet.length > 0, 'some ISCO has had no consultation');

    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await signIn(page, rig.portalUrl, 'city-chief', '/statistics');
    await page.waitForSelector(`[data-testid=statistics-table-consultations] tbody tr >> text=${ISCO_NAME}`);
    // Every ISCO of the city has its row; the one with the consultation shows the service's figures.
    assert.equal(
      await page.locator('[data-testid=statistics-table-consultations] tbody tr').count(),
      iscos.length,
    );
    const gongga = await rowOf(page, 'consultations', ISCO_NAME);
    assert.deepEqual(gongga.slice(1, 2), [String(counted.consultations)]);
    assert.equal(gongga[3], String(counted.meetingsHeld));
    const meetings = await rowOf(page, 'meetings', ISCO_NAME);
    const held = api.meetingStatistics.find((s) => s.hostOrg === ISCO && s.kind === 'ISCO_CONSULTATION')!;
    // Columns: host, the four kinds (heads, prosecutors, ISCO, pact), total, cases discussed, referred.
    assert.equal(meetings[3], String(held.meetingsHeld));
    assert.equal(meetings[6], String(held.casesDiscussed));
    assert.ok(await page.locator('[data-testid=statistics-chart-consultations]').isVisible());
    assert.deepEqual(await seriousAccessibilityViolations(page), []);

    // The workbook: one sheet per table, the same names and figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=statistics-export]'),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const files = unzipSync(readFileSync((await download.path())!));
    const workbook = strFromU8(files['xl/workbook.xml']!);
    for (const sheet of ['各侦协办会商', '联席会议（按类型）', '各协议下的移送'])
      assert.match(workbook, new RegExp(sheet));
    const text = Object.entries(files)
      .filter(([name]) => name.startsWith('xl/'))
      .map(([, bytes]) => strFromU8(bytes))
      .join('\n');
    assert.match(text, new RegExp(ISCO_NAME));
    assert.match(text, /三长会商/);

    // A period in which nothing happened: every office still listed, every figure zero.
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${rig.portalUrl}/statistics?from=${tomorrow}`);
    await page.waitForSelector(`[data-testid=statistics-table-consultations] tbody tr >> text=${ISCO_NAME}`);
    const empty = await rowOf(page, 'consultations', ISCO_NAME);
    assert.deepEqual(empty.slice(1), ['0', '0', '0', '0']);
    await context.close();
  });

  it("shows a county officer only the own county's office", async () => {
    const context = await newContext(rig.browser, 'phone');
    const page = await context.newPage();
    await signIn(page, rig.portalUrl, 'gongga-police', '/statistics');
    await page.waitForSelector(`[data-testid=statistics-table-consultations] tbody tr >> text=${ISCO_NAME}`);
    assert.equal(await page.locator('[data-testid=statistics-table-consultations] tbody tr').count(), 1);
    await context.close();
  });

  it('reads well at 1280 and 360 px in Chinese, English and Tibetan', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const context = await newContext(rig.browser, size);
      const page = await context.newPage();
      await signIn(page, rig.portalUrl, 'city-chief', '/statistics');
      for (const language of ['zh-CN', 'en', 'bo'] as const) {
        await page.evaluate((l) => window.localStorage.setItem('yiti.language', l), language);
        await page.reload();
        await page.waitForSelector('[data-testid=statistics-table-consultations] .ant-table-row');
        if (language === 'en') assert.match((await page.textContent('h2')) ?? '', /Statistics/);
        const width = WIDTHS[size].width;
        await screenshot(page, `statistics-${language}-${width}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${language} at ${width}px scrolls sideways by ${overflow}px`);
        assert.deepEqual(await seriousAccessibilityViolations(page), [], `${language} at ${width}px`);
      }
      await context.close();
    }
  });
});
