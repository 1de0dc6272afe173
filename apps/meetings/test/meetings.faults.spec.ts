import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rejectsWithCode } from '@yiti/devstack';
import { AttendeeRole, ConsultationOutcome, ErrorCode, MeetingState } from '@yiti/contracts';
import {
  attendee,
  jointAttendance,
  meetingsHarness,
  type ItemInit,
  type MeetingsHarness,
} from './fixtures.js';

/**
 * Bad input and faults, each a typed error with nothing changed in the database: concluding without quorum,
 * decisions outside the session, agenda items breaking the rules, minutes edited by someone other than the
 * host's secretary, wrong digests and double signatures — and minutes changed after a signature (also by
 * tampering in SQL) showing that signature invalid.
 */
describe('meetings: bad input and faults', () => {
  let h: MeetingsHarness;

  before(async () => {
    h = await meetingsHarness();
  });

  after(async () => {
    await h?.close();
  });

  it('refuses concluding without quorum, and agenda items that break the rules, changing nothing', async () => {
    const { create, start, attendance, item, conclude, row, count } = h;
    // Concluding without quorum: two prosecutors present.
    let m = await start(await create());
    m = await attendance(m, jointAttendance().slice(0, 2));
    await rejectsWithCode(conclude(m), ErrorCode.CONFLICT, 'no quorum');
    await assert.rejects(
      conclude(m),
      /2 prosecutor\(s\) present, a prosecutors' joint meeting needs at least 3/,
    );
    assert.deepEqual(await row(m.id).then((r) => [r.state, r.version]), ['in-session', m.version]);

    // Decisions only in session; opinions held by attendees present; at most one link; known owners.
    const scheduled = await create();
    await rejectsWithCode(
      item(scheduled, { number: 1, title: '议题', decision: '决定' }),
      ErrorCode.CONFLICT,
    );
    const s1 = await item(scheduled, { number: 1, title: '议题（会前）' });
    assert.equal(s1.agenda.length, 1);
    m = await attendance(m, jointAttendance());
    const badItems: Array<[string, ItemInit]> = [
      ['skips a number', { number: 3, title: '跳号' }],
      ['two links', { number: 1, title: 'x', caseNumber: '贡检刑诉〔2026〕1号', consultationId: m.id }],
      ['bad case number', { number: 1, title: 'x', caseNumber: '贡检刑诉#2026-1' }],
      ['holder absent', { number: 1, title: 'x', majority: { text: '同意', holders: ['city-secretary'] } }],
      [
        'holder twice',
        {
          number: 1,
          title: 'x',
          majority: { text: 'a', holders: ['city-chief'] },
          minorities: [{ text: 'b', holders: ['city-chief'] }],
        },
      ],
      [
        'outcome without transfer',
        { number: 1, title: 'x', transferOutcome: ConsultationOutcome.SENDER_RETAINS },
      ],
      [
        'unknown owner',
        { number: 1, title: 'x', actions: [{ ownerOrg: 'proc-999999', description: 'y', dueWithinDays: 2 }] },
      ],
      [
        'no working days',
        { number: 1, title: 'x', actions: [{ ownerOrg: 'proc-540522', description: 'y', dueWithinDays: 0 }] },
      ],
    ];
    for (const [what, given] of badItems)
      await rejectsWithCode(item(m, given), ErrorCode.BAD_USER_INPUT, what);
    await rejectsWithCode(
      attendance(m, [attendee('qushui-chief', 'proc-540124', AttendeeRole.CHIEF_PROSECUTOR)]),
      ErrorCode.BAD_USER_INPUT,
      'not invited',
    );
    assert.equal((await row(m.id)).version, m.version);
    assert.equal(
      await count('SELECT count(*) AS n FROM meetings.agenda_item WHERE meeting_id = $1', [m.id]),
      0,
    );
  });

  it('refuses minutes edited by others, wrong digests and double signatures; shows changed minutes', async () => {
    const { inSession, attendance, item, conclude, minutes, sign, get, row, count, db } = h;
    let m = await inSession();
    m = await item(m, {
      number: 1,
      title: '议题',
      decision: '决定',
      majority: { text: '同意', holders: ['city-chief'] },
    });
    // Nobody holding a recorded opinion can be marked absent.
    await rejectsWithCode(
      attendance(
        m,
        jointAttendance().map((a) => ({ ...a, present: false })),
      ),
      ErrorCode.BAD_USER_INPUT,
    );
    m = await conclude(m);
    m = await minutes(m, '纪要第一稿');
    // Editing minutes: a non-secretary and a secretary of another organization are refused.
    for (const user of ['city-chief', 'gongga-secretary'])
      await rejectsWithCode(minutes(m, '篡改的纪要', user), ErrorCode.FORBIDDEN, user);
    assert.equal((await row(m.id)).minutes, '纪要第一稿');

    // Signing: a wrong digest, twice, or not as a present attendee.
    await rejectsWithCode(sign(m, 'city-chief', 'a'.repeat(64)), ErrorCode.CONFLICT, 'wrong digest');
    await rejectsWithCode(sign(m, 'city-secretary'), ErrorCode.FORBIDDEN, 'absent');
    await rejectsWithCode(sign(m, 'qushui-chief'), ErrorCode.NOT_FOUND, 'cannot see it');
    m = await sign(m, 'city-chief');
    await rejectsWithCode(sign(m, 'city-chief'), ErrorCode.CONFLICT, 'twice');
    assert.equal(
      await count('SELECT count(*) AS n FROM meetings.minutes_signature WHERE meeting_id = $1', [m.id]),
      1,
    );

    // Changed minutes: the signature stays, shown invalid; the signer can sign the new text.
    const first = m.minutesDigest;
    m = await minutes(m, '纪要第二稿');
    assert.notEqual(m.minutesDigest, first);
    assert.deepEqual(
      m.signatures.map((s) => [s.username, s.digest, s.valid]),
      [['city-chief', first, false]],
    );
    assert.ok(m.awaitingSignatures.includes('city-chief'));
    await rejectsWithCode(sign(m, 'gongga-chief', first), ErrorCode.CONFLICT, 'the old text');
    m = await sign(m, 'city-chief');
    m = await sign(m, 'gongga-chief');
    assert.equal(m.signatures.filter((s) => s.valid).length, 2);
    // Tampering in the database shows every signature invalid.
    await db.query(`UPDATE meetings.meeting SET minutes = minutes || '（改）' WHERE id = $1`, [m.id]);
    const tampered = await get(m.id);
    assert.notEqual(tampered.minutesDigest, m.minutesDigest);
    assert.ok(tampered.signatures.every((s) => !s.valid));
    assert.equal(tampered.awaitingSignatures.length, 3);
    await rejectsWithCode(sign(m, 'gongga-prosecutor'), ErrorCode.CONFLICT, 'digest of the untampered text');
    assert.equal(tampered.state, MeetingState.CONCLUDED);
  });
});
