import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  choose,
  noSeriousViolations,
  openSignedIn,
  screenshot,
  SCREENSHOT_DIR,
  selectLabelled,
  switchLanguage,
} from './browser.js';
import { graphqlAs, startPortalRig, type PortalRig } from './portal-stack.js';

const RUN = Date.now().toString(36);
const TITLE = `（测试）检察官联席会议 ${RUN}`;
const SESSION_TITLE = `（测试）进行中的联席会议 ${RUN}`;
const CASE_NUMBER = '贡检刑诉〔2026〕12号';
const EDIT_TITLE = `（测试）待修改的联席会议 ${RUN}`;
const ACTION = '曲水县人民检察院移交现场勘验材料';
/** What the secretary formats in the minutes: bold words, two numbered items and a bulleted one. */
const BOLD_WORDS = '贡嘎县人民检察院继续办理';
const ITEMS = ['补充调取采砂船只登记材料', '十日内报送办理情况', '抄送曲水县人民检察院'] as const;
const MINUTES = [
  '一、议题：雅鲁藏布江流域非法采砂案的管辖。',
  `二、决定：由**${BOLD_WORDS}**。`,
  `1. ${ITEMS[0]}`,
  `2. ${ITEMS[1]}`,
  `- ${ITEMS[2]}`,
].join('\n');

/** Shanghai's wall clock `minutes` from now, as a datetime-local value. */
const shanghaiLocal = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
const rfc3339 = (minutes: number) => `${shanghaiLocal(minutes)}:00+08:00`;

const gql = graphqlAs;

const page = (
  browser: Browser,
  rig: PortalRig,
  username: string,
  path: string,
  opts: { size?: 'desktop' | 'phone'; language?: 'en' | 'bo' } = {},
) => openSignedIn(browser, rig.portalUrl, username, path, opts);

/** Types into a searchable (multiple) select and picks the option showing `option`. */
async function pick(p: Page, input: Locator, search: string, option: string) {
  await input.click();
  await input.fill(search);
  const item = p
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: option,
    })
    .first();
  await item.waitFor();
  await item.click();
  await p.keyboard.press('Escape');
  // Closed (its animation finished) before anything else looks at the page.
  await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
}

const detail = (p: Page) => p.getByTestId('meeting-detail');
const waitState = (p: Page, state: string) =>
  p.locator(`[data-testid=meeting-detail][data-state=${state}]`).waitFor();

describe('portal: meetings', () => {
  let rig: PortalRig;
  let meetingId = '';
  let sessionId = '';
  let editId = '';
  /** The month (YYYY-MM, Shanghai) the scheduled meeting starts in, and its day. */
  let month = '';
  let day = '';

  before(async () => {
    rig = await startPortalRig();
    // A second meeting, already in session with its attendance, for the editors' screenshots in every language.
    const created = await gql<{ createMeeting: { id: string; version: number } }>(
      rig,
      'gongga-secretary',
      `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id version } }`,
      {
        input: {
          idempotencyKey: `e2e-session-${RUN}`,
          kind: 'PROSECUTORS_JOINT',
          title: SESSION_TITLE,
          startsAt: rfc3339(20),
          endsAt: rfc3339(140),
          location: '贡嘎县人民检察院第二会议室',
          invitees: [
            { org: 'proc-540522', username: 'gongga-chief' },
            { org: 'proc-540124', username: 'qushui-chief' },
          ],
        },
      },
    );
    sessionId = created.createMeeting.id;
    const started = await gql<{ startMeeting: { version: number } }>(
      rig,
      'gongga-secretary',
      `mutation($id: ID!, $v: Int!) { startMeeting(id: $id, expectedVersion: $v) { version } }`,
      { id: sessionId, v: created.createMeeting.version },
    );
    await gql(
      rig,
      'gongga-secretary',
      `mutation($id: ID!, $v: Int!, $a: [AttendeeInput!]!) {
         recordAttendance(id: $id, expectedVersion: $v, attendees: $a) { version } }`,
      {
        id: sessionId,
        v: started.startMeeting.version,
        a: [
          { username: 'gongga-chief', org: 'proc-540522', role: 'CHIEF_PROSECUTOR', present: true },
          { username: 'qushui-chief', org: 'proc-540124', role: 'CHIEF_PROSECUTOR', present: true },
        ],
      },
    );
    // A third one, starting in 50 minutes (in the month the view opens on), for the edit form's screenshots.
    const later = await gql<{ createMeeting: { id: string } }>(
      rig,
      'gongga-secretary',
      `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`,
      {
        input: {
          idempotencyKey: `e2e-edit-${RUN}`,
          kind: 'PACT_LIAISON',
          title: EDIT_TITLE,
          startsAt: rfc3339(50),
          endsAt: rfc3339(110),
          location: '贡嘎县人民检察院第一会议室',
          invitees: [{ org: 'proc-540124', username: 'qushui-chief' }],
        },
      },
    );
    editId = later.createMeeting.id;
  });
  after(async () => {
    await rig?.stop();
  });

  it('a secretary schedules a meeting with people picked by name, and an invitee sees it in My work', async () => {
    const { page: p, context, errors } = await page(rig.browser, rig, 'gongga-secretary', '/meetings');
    await p.getByRole('heading', { name: '联席会议', level: 2 }).waitFor();
    await p.getByTestId('meetings-upcoming').getByText(SESSION_TITLE).waitFor();
    await screenshot(p, 'meetings-list-zh-1280');
    await noSeriousViolations(p, 'list');
    await p.getByTestId('meeting-new').click();
    await p.getByRole('heading', { name: '安排会议' }).waitFor();
    await p.getByLabel('会议名称').fill(TITLE);
    // Started from 60 minutes before its time on: 30 minutes ahead lets the secretary start it now.
    await p.getByLabel('开始时间').fill(shanghaiLocal(30));
    await p.getByLabel('结束时间').fill(shanghaiLocal(150));
    await p.getByLabel('地点').fill('贡嘎县人民检察院第一会议室');
    const people = p.getByLabel('参会人员', { exact: true });
    await pick(p, people, '拉巴', '拉巴顿珠 · 贡嘎县人民检察院');
    await pick(p, people, '扎西', '扎西平措 · 贡嘎县人民检察院');
    await pick(p, people, '陈明', '陈明 · 曲水县人民检察院');
    await screenshot(p, 'meetings-new-zh-1280');
    await noSeriousViolations(p, 'new meeting');
    await p.getByTestId('meeting-create').click();
    await waitState(p, 'SCHEDULED');
    meetingId = new URL(p.url()).pathname.split('/').pop()!;
    assert.match(meetingId, /^[0-9a-f-]{36}$/);
    const participants = p.getByTestId('participants');
    for (const name of ['拉巴顿珠', '扎西平措', '陈明']) await participants.getByText(name).waitFor();
    await participants.getByText('曲水县人民检察院').first().waitFor();
    await detail(p).getByTestId('meeting-calendar').waitFor();
    await context.close();

    const invitee = await page(rig.browser, rig, 'qushui-prosecutor', '/');
    const mine = invitee.page.locator(`[data-testid=meeting][data-meeting-id="${meetingId}"]`);
    await mine.getByText(TITLE).waitFor();
    await mine.getByTestId('meeting-invited').waitFor();
    await screenshot(invitee.page, 'meetings-my-work-invited-zh-1280');
    await noSeriousViolations(invitee.page, 'my work with an invitation');
    assert.deepEqual(invitee.errors, []);
    await invitee.context.close();
    assert.deepEqual(errors, []);
  });

  it('the month view shows it on its day; the secretary moves its time, and a stale edit is told to reload', async () => {
    const start = shanghaiLocal(40);
    [month, day] = [start.slice(0, 7), start.slice(0, 10)];
    const {
      page: p,
      context,
      errors,
    } = await page(rig.browser, rig, 'gongga-secretary', `/meetings?view=month&month=${month}`);
    const onDay = p.locator(`[data-testid=month-day][data-date="${day}"]`);
    await onDay
      .locator(`[data-testid=month-meeting][data-meeting-id="${meetingId}"]`)
      .getByText(TITLE)
      .waitFor();
    await noSeriousViolations(p, 'month view');
    await screenshot(p, 'meetings-month-zh-1280');
    // By keyboard: the next month, then back; the address keeps the month.
    await p.getByTestId('month-next').focus();
    await p.keyboard.press('Enter');
    await p.waitForURL((u) => u.searchParams.get('month') !== month);
    await p
      .locator(`[data-testid=month-meeting][data-meeting-id="${meetingId}"]`)
      .waitFor({ state: 'detached' });
    await p.getByTestId('month-previous').focus();
    await p.keyboard.press('Enter');
    await p.waitForURL((u) => u.searchParams.get('month') === month);
    await onDay.getByRole('link', { name: TITLE }).click();
    await waitState(p, 'SCHEDULED');

    const version = Number(await detail(p).getAttribute('data-version'));
    await p.getByTestId('meeting-edit').click();
    await p.getByLabel('开始时间').fill(start);
    await p.getByLabel('结束时间').fill(shanghaiLocal(160));
    await screenshot(p, 'meetings-edit-zh-1280');
    await noSeriousViolations(p, 'edit form');
    await p.getByTestId('meeting-edit-save').click();
    await p.locator(`[data-testid=meeting-detail][data-version="${version + 1}"]`).waitFor();
    const read = () =>
      gql<{ meeting: { startsAt: string; version: number; location: string; invitees: unknown[] } }>(
        rig,
        'gongga-secretary',
        `query($id: ID!) { meeting(id: $id) { startsAt version location invitees { org username } } }`,
        { id: meetingId },
      );
    const moved = await read();
    assert.equal(Date.parse(moved.meeting.startsAt), Date.parse(`${start}:00+08:00`));

    // Someone else changes the place meanwhile: the form, opened on the earlier version, is refused.
    await p.getByTestId('meeting-edit').click();
    await gql(
      rig,
      'gongga-secretary',
      `mutation($id: ID!, $v: Int!, $d: MeetingDetailsInput!) {
         updateMeeting(id: $id, expectedVersion: $v, details: $d) { version } }`,
      {
        id: meetingId,
        v: moved.meeting.version,
        d: {
          kind: 'PROSECUTORS_JOINT',
          title: TITLE,
          startsAt: moved.meeting.startsAt,
          endsAt: rfc3339(160),
          location: '贡嘎县人民检察院第三会议室',
          invitees: moved.meeting.invitees,
        },
      },
    );
    await p.getByLabel('地点').fill('贡嘎县人民检察院第四会议室');
    await p.getByTestId('meeting-edit-save').click();
    const conflict = p.getByTestId('meeting-edit-conflict');
    await conflict.getByText('有人在此期间修改了这次会议——请重新加载，再修改一次。').waitFor();
    await screenshot(p, 'meetings-edit-conflict-zh-1280');
    await p.getByTestId('meeting-edit-reload').click();
    await detail(p).getByText('贡嘎县人民检察院第三会议室').waitFor();
    await conflict.waitFor({ state: 'detached' });
    assert.equal((await read()).meeting.location, '贡嘎县人民检察院第三会议室');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the secretary starts it, records attendance and an agenda item, is told what the quorum lacks, concludes and writes the minutes', async () => {
    const {
      page: p,
      context,
      errors,
    } = await page(rig.browser, rig, 'gongga-secretary', `/meetings/${meetingId}`);
    await waitState(p, 'SCHEDULED');
    await p.getByTestId('meeting-start').click();
    await waitState(p, 'IN_SESSION');

    const present = (username: string) =>
      p.locator(`[data-testid=attendance-row][data-username=${username}] input[type=checkbox]`).check();
    await present('gongga-chief');
    await present('gongga-prosecutor');
    await p.getByTestId('attendance-save').click();
    await p.locator('[data-testid=participant][data-username=gongga-prosecutor]').getByText('出席').waitFor();

    // Two prosecutors present: a prosecutors' joint meeting needs three.
    await p.getByTestId('meeting-conclude').click();
    const missing = p.getByTestId('quorum-missing');
    await missing.getByText('出席检察官2名，检察官联席会议至少需要3名。').waitFor();
    await p.getByRole('alert').filter({ hasText: '会议未达到法定人数，不能结束。' }).waitFor();
    await waitState(p, 'IN_SESSION');
    await screenshot(p, 'meetings-quorum-missing-zh-1280');

    await present('qushui-prosecutor');
    await p.getByTestId('attendance-save').click();
    await p.locator('[data-testid=participant][data-username=qushui-prosecutor]').getByText('出席').waitFor();

    const editor = p.getByTestId('agenda-editor');
    await editor.getByLabel('议题名称').fill('雅鲁藏布江流域非法采砂案的管辖');
    await choose(p, selectLabelled(p, '涉及'), '一个案号');
    await editor.getByLabel('案号，如 贡检刑诉〔2026〕12号').fill(CASE_NUMBER);
    await editor
      .getByLabel('决定', { exact: true })
      .fill('由贡嘎县人民检察院继续办理，曲水县人民检察院协助取证。');
    await editor.getByLabel('多数意见').fill('犯罪地在贡嘎县境内，应由贡嘎县办理。');
    const majorityHolders = p.locator('#majority_holders');
    await pick(p, majorityHolders, '拉巴', '拉巴顿珠');
    await pick(p, majorityHolders, '陈明', '陈明');
    await editor.getByTestId('agenda-add-minority').click();
    await p.locator('#minorities_0_text').fill('宜由两院联合办理。');
    await pick(p, p.locator('#minorities_0_holders'), '扎西', '扎西平措');
    await editor.getByTestId('agenda-refer').check();
    await editor.getByTestId('agenda-add-action').click();
    await p.locator('#actions_0_description').fill('曲水县人民检察院移交现场勘验材料');
    await screenshot(p, 'meetings-agenda-form-zh-1280');
    await noSeriousViolations(p, 'agenda form in session');
    await editor.getByTestId('agenda-save').click();
    const item = p.locator('[data-testid=agenda-item][data-number="1"]');
    await item.getByText(CASE_NUMBER).waitFor();
    await item.getByText('持此意见：拉巴顿珠、陈明').waitFor();
    await item.getByText('持此意见：扎西平措').waitFor();
    await item.getByText('提交检察委员会').waitFor();
    await item.getByText('会议结束后10个工作日内').waitFor();

    await p.getByTestId('meeting-conclude').click();
    await waitState(p, 'CONCLUDED');
    await item.getByText(/前完成/).waitFor();
    // The minutes in the editor: typed, then formatted with the toolbar, Enter and a shortcut.
    const minutes = p.getByLabel('会议纪要', { exact: true });
    await minutes.fill('一、议题：雅鲁藏布江流域非法采砂案的管辖。\n二、决定：由贡嘎县人民检察院继续办理。');
    const pressed = (command: string, on: boolean) =>
      p.locator(`[data-testid=minutes-format-${command}][aria-pressed=${on}]`).waitFor();
    await minutes.evaluate((el: HTMLTextAreaElement, words: string) => {
      const at = el.value.indexOf(words);
      el.setSelectionRange(at, at + words.length);
    }, BOLD_WORDS);
    await pressed('bold', false);
    await p.getByTestId('minutes-format-bold').click();
    await pressed('bold', true); // the caret is inside the bold words
    await minutes.press('Control+End');
    await minutes.press('Enter');
    await p.keyboard.type(ITEMS[0]);
    await p.getByTestId('minutes-format-numbers').click();
    await pressed('numbers', true);
    await minutes.press('End');
    await minutes.press('Enter'); // the next number
    await p.keyboard.type(ITEMS[1]);
    await minutes.press('Enter');
    await minutes.press('Enter'); // an empty item ends the list
    await p.keyboard.type(ITEMS[2]);
    await minutes.press('Control+Shift+8'); // a bulleted item by its shortcut
    await pressed('bullets', true);
    assert.equal(await minutes.inputValue(), MINUTES);
    const preview = p.getByTestId('minutes-preview');
    await preview.locator('strong', { hasText: BOLD_WORDS }).waitFor();
    assert.deepEqual(await preview.locator('ol > li').allTextContents(), [`1.${ITEMS[0]}`, `2.${ITEMS[1]}`]);
    assert.deepEqual(await preview.locator('ul > li').allTextContents(), [`•${ITEMS[2]}`]);
    await p.getByTestId('minutes-save').click();
    await p.getByTestId('minutes-digest').waitFor();
    const digest = (await p.getByTestId('minutes-digest').textContent())!.trim();
    assert.match(digest, /^[0-9a-f]{64}$/);
    await p
      .getByTestId('awaiting')
      .getByText(/拉巴顿珠.*扎西平措.*陈明|拉巴顿珠/)
      .waitFor();
    // The secretary was not present: nothing to sign.
    assert.equal(await p.getByTestId('minutes-sign').count(), 0);
    await screenshot(p, 'meetings-minutes-zh-1280');
    await noSeriousViolations(p, 'minutes');
    // The editor in each language at 1280 and 360 px (switched in the page, the saved minutes in it), the caret
    // in the bold words so the toolbar shows it pressed.
    const card = p.getByTestId('minutes');
    const minutesBox = p.locator('#meeting-minutes'); // its label follows the language
    for (const [language, label] of [
      ['中文', 'zh'],
      ['English', 'en'],
      ['བོད་ཡིག', 'bo'],
    ] as const) {
      await switchLanguage(p, language);
      for (const width of [1280, 360]) {
        await p.setViewportSize({ width, height: width === 360 ? 780 : 900 });
        await minutesBox.evaluate((el: HTMLTextAreaElement, words: string) => {
          el.focus();
          const at = el.value.indexOf(words) + 1;
          el.setSelectionRange(at, at);
        }, BOLD_WORDS);
        await p.locator('[data-testid=minutes-format-bold][aria-pressed=true]').waitFor();
        await noSeriousViolations(p, `minutes editor ${label}-${width}`);
        await card.screenshot({
          path: join(SCREENSHOT_DIR, `meetings-minutes-editor-${label}-${width}.png`),
        });
        if (width === 360) {
          const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scroll <= 360, `no sideways scrolling in the minutes editor at 360 px (${scroll})`);
        }
      }
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the owner organization marks the action item done and open again on the meeting, and done in My work', async () => {
    const {
      page: p,
      context,
      errors,
    } = await page(rig.browser, rig, 'gongga-prosecutor', `/meetings/${meetingId}`);
    await waitState(p, 'CONCLUDED');
    const action = p.getByTestId('action-item').filter({ hasText: ACTION });
    await action.getByTestId('action-done').click();
    await action.locator('[data-status=DONE]').waitFor();
    await action.getByTestId('action-reopen').click();
    await action.locator('[data-status=OPEN]').waitFor();
    await p.goto(`${rig.portalUrl}/`);
    const mine = p.getByTestId('my-action-item').filter({ hasText: ACTION });
    await mine.waitFor();
    await noSeriousViolations(p, 'my work with an action item');
    await mine.getByTestId('action-done').click();
    await mine.waitFor({ state: 'detached' });
    const { myActionItems } = await gql<{ myActionItems: { description: string }[] }>(
      rig,
      'gongga-prosecutor',
      `{ myActionItems(statuses: [DONE]) { description } }`,
    );
    assert.ok(
      myActionItems.some((a) => a.description === ACTION),
      'the item is done',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('each attendee present signs the digest they see; the last signature approves the minutes', async () => {
    const signers = ['gongga-chief', 'gongga-prosecutor', 'qushui-prosecutor'];
    for (const [i, username] of signers.entries()) {
      const { page: p, context, errors } = await page(rig.browser, rig, username, `/meetings/${meetingId}`);
      await waitState(p, 'CONCLUDED');
      const digest = (await p.getByTestId('minutes-digest').textContent())!.trim();
      assert.match(digest, /^[0-9a-f]{64}$/);
      // Only the secretary writes: an attendee sees the minutes, not the editor.
      await p.getByTestId('minutes-shown').locator('strong', { hasText: BOLD_WORDS }).waitFor();
      assert.equal(await p.getByTestId('minutes-text').count(), 0);
      assert.equal(await p.getByTestId('meeting-actions').count(), 0);
      if (i === 0) {
        await screenshot(p, 'meetings-sign-zh-1280');
        await noSeriousViolations(p, 'signing');
      }
      await p.getByTestId('minutes-sign').click();
      await p.getByTestId('signature').nth(i).waitFor();
      const signatures = await p.getByTestId('signature').allTextContents();
      assert.ok(
        signatures.some((s) => s.includes(digest.slice(0, 16))),
        'the signature shows the digest signed',
      );
      if (i === signers.length - 1) await waitState(p, 'MINUTES_APPROVED');
      else await p.getByTestId('minutes-sign').waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  it('exports the signed minutes as a PDF that reads back with every signature, and as Word', async () => {
    const { page: p, context } = await page(rig.browser, rig, 'gongga-secretary', `/meetings/${meetingId}`);
    await waitState(p, 'MINUTES_APPROVED');
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('minutes-pdf').click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const out = join(SCREENSHOT_DIR, 'minutes');
    mkdirSync(out, { recursive: true });
    const file = join(out, 'meetings-minutes.pdf');
    await download.saveAs(file);
    // The text, read back as a person's PDF reader has it (white space aside: pdftotext breaks long lines).
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '');
    for (const expected of [TITLE, '检察官联席会议纪要', CASE_NUMBER, '纪要摘要（SHA-256）'])
      assert.ok(text.includes(expected.replace(/\s+/g, '')), `the PDF says ${expected}`);
    // The minutes as formatted in the editor: the bold words without their markers, the items with theirs.
    for (const expected of [`由${BOLD_WORDS}。`, `1.${ITEMS[0]}`, `2.${ITEMS[1]}`, `•${ITEMS[2]}`])
      assert.ok(text.includes(expected), `the PDF's minutes say ${expected}`);
    assert.ok(!text.includes('**'), 'no Markdown markers in the PDF');
    assert.equal(text.match(/签名，摘要[0-9a-f]{64}：有效/g)?.length, 3, 'three valid signatures');
    // The pages as images, looked at: test-output/portal/minutes/meetings-minutes-*.png.
    execFileSync('pdftoppm', ['-r', '90', '-png', file, join(out, 'meetings-minutes')]);
    assert.ok(readdirSync(out).some((f) => f.startsWith('meetings-minutes-') && f.endsWith('.png')));
    const [word] = await Promise.all([p.waitForEvent('download'), p.getByTestId('minutes-docx').click()]);
    assert.match(word.suggestedFilename(), /\.docx$/);
    const bytes = readFileSync((await word.path())!);
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a Word document is a zip');
    await context.close();
  });

  for (const [language, size, label] of [
    [undefined, 'phone', 'zh-360'],
    ['en', 'desktop', 'en-1280'],
    ['en', 'phone', 'en-360'],
    ['bo', 'desktop', 'bo-1280'],
    ['bo', 'phone', 'bo-360'],
  ] as const) {
    it(`passes axe on the list, the form, the month, the edit form, a meeting in session and the signed minutes (${label})`, async () => {
      const {
        page: p,
        context,
        errors,
      } = await page(rig.browser, rig, 'gongga-secretary', '/meetings', {
        size,
        ...(language ? { language } : {}),
      });
      await p.getByTestId('meetings-past').getByText(TITLE).waitFor();
      await noSeriousViolations(p, `list ${label}`);
      await screenshot(p, `meetings-list-${label}`);
      // List → month → the meeting to edit → back → the schedule form, all within the page (no reloads).
      await p.getByTestId('meetings-view').locator('label').nth(1).click();
      await p.waitForURL((u) => u.searchParams.get('view') === 'month');
      const inMonth = (id: string) => p.locator(`[data-testid=month-meeting][data-meeting-id="${id}"]`);
      await inMonth(meetingId).waitFor();
      await noSeriousViolations(p, `month ${label}`);
      await screenshot(p, `meetings-month-${label}`);
      if (size === 'phone') {
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `no sideways scrolling in the month at 360 px (${width})`);
      }
      await inMonth(editId).getByRole('link').click();
      await p.getByTestId('meeting-edit').click();
      await p.getByTestId('meeting-edit-save').waitFor();
      await noSeriousViolations(p, `edit ${label}`);
      await screenshot(p, `meetings-edit-${label}`);
      await detail(p).locator('a[href="/meetings"]').click();
      await p.getByTestId('meeting-new').click();
      await p.getByTestId('meeting-create').waitFor();
      await noSeriousViolations(p, `new ${label}`);
      await screenshot(p, `meetings-new-${label}`);
      await p.goto(`${rig.portalUrl}/meetings/${sessionId}`);
      await waitState(p, 'IN_SESSION');
      await p.getByTestId('agenda-editor').waitFor();
      await noSeriousViolations(p, `in session ${label}`);
      await screenshot(p, `meetings-session-${label}`);
      await p.goto(`${rig.portalUrl}/meetings/${meetingId}`);
      await waitState(p, 'MINUTES_APPROVED');
      await p.getByTestId('signature').nth(2).waitFor();
      await p.getByTestId('minutes-shown').locator('strong', { hasText: BOLD_WORDS }).waitFor();
      await noSeriousViolations(p, `approved ${label}`);
      await screenshot(p, `meetings-approved-${label}`);
      if (size === 'phone') {
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `no sideways scrolling at 360 px (${width})`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
