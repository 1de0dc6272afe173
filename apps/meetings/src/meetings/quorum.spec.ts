import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttendeeJson, Meeting, MeetingKindCode } from './meeting.entity.js';
import { missingForQuorum } from './quorum.js';

const meeting = (kind: MeetingKindCode, attendees: AttendeeJson[], extra: Partial<Meeting> = {}) =>
  ({
    kind,
    hostOrg: 'proc-540522',
    invitees: [{ org: 'proc-540124', username: '' }],
    attendees,
    transferParties: null,
    ...extra,
  }) as Meeting;
const a = (username: string, org: string, role: AttendeeJson['role'], present = true): AttendeeJson => ({
  username,
  org,
  role,
  present,
});

describe('quorum', () => {
  it("heads' consultation: a chief prosecutor present from each party", () => {
    const gonggaChief = a('gongga-chief', 'proc-540522', 'chief-prosecutor');
    const qushuiChief = a('qushui-chief', 'proc-540124', 'chief-prosecutor');
    assert.match(missingForQuorum(meeting('heads-consultation', [gonggaChief]))!, /proc-540124/);
    assert.match(
      missingForQuorum(meeting('heads-consultation', [gonggaChief, { ...qushuiChief, present: false }]))!,
      /proc-540124/,
    );
    assert.match(
      missingForQuorum(
        meeting('heads-consultation', [gonggaChief, a('qushui-prosecutor', 'proc-540124', 'prosecutor')]),
      )!,
      /proc-540124/,
    );
    assert.equal(missingForQuorum(meeting('heads-consultation', [gonggaChief, qushuiChief])), undefined);
    // Made for a transfer: its parties, whoever else is invited.
    const forTransfer = { transferParties: ['proc-540522', 'proc-540124'], invitees: [] };
    assert.equal(
      missingForQuorum(meeting('heads-consultation', [gonggaChief, qushuiChief], forTransfer)),
      undefined,
    );
  });

  it("prosecutors' joint meeting: at least three prosecutors present", () => {
    const two = [a('p1', 'proc-540522', 'prosecutor'), a('p2', 'proc-540522', 'chief-prosecutor')];
    assert.match(
      missingForQuorum(meeting('prosecutors-joint', [...two, a('s', 'proc-540522', 'secretary')]))!,
      /2 /,
    );
    assert.match(
      missingForQuorum(meeting('prosecutors-joint', [...two, a('p3', 'proc-540522', 'prosecutor', false)]))!,
      /2 /,
    );
    assert.equal(
      missingForQuorum(meeting('prosecutors-joint', [...two, a('p3', 'proc-540124', 'prosecutor')])),
      undefined,
    );
  });

  it('ISCO consultation: a prosecutor and a police officer present', () => {
    assert.match(
      missingForQuorum(meeting('isco-consultation', [a('p', 'proc-540522', 'prosecutor')]))!,
      /police/,
    );
    assert.match(
      missingForQuorum(meeting('isco-consultation', [a('o', 'police-540522', 'police')]))!,
      /prosecutor/,
    );
    assert.equal(
      missingForQuorum(
        meeting('isco-consultation', [
          a('p', 'proc-540522', 'prosecutor'),
          a('o', 'police-540522', 'police'),
        ]),
      ),
      undefined,
    );
  });

  it('pact liaison: attendees present from two organizations', () => {
    const one = [a('x', 'proc-540522', 'other'), a('y', 'proc-540522', 'prosecutor')];
    assert.match(missingForQuorum(meeting('pact-liaison', one))!, /1 organization/);
    assert.equal(
      missingForQuorum(meeting('pact-liaison', [...one, a('z', 'proc-540124', 'other')])),
      undefined,
    );
  });
});
