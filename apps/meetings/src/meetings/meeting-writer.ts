import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Principal } from '@yiti/auth';
import { UUID } from '@yiti/contracts';
import { inputCheck } from '@yiti/messaging';
import { ActionItem } from './action-item.entity.js';
import { AgendaItem } from './agenda-item.entity.js';
import { checkState, checkWho, MOVES, type MoveName, type MoveRule } from './lifecycle.js';
import { Meeting } from './meeting.entity.js';
import { MeetingEventsOutbox } from './meeting-events.js';
import { MeetingErrors } from './meetings.errors.js';
import type { LoadedMeeting } from './meetings.mapper.js';
import { MinutesSignature } from './minutes-signature.entity.js';

/** Who acts: a verified user, or the system (an event from another service, or the service itself). */
export interface Actor {
  org: string;
  username: string;
  /** Absent for the system: its moves skip the organization and role checks. */
  principal?: Principal;
}

export const actorOf = (principal: Principal): Actor => ({
  org: principal.org,
  username: principal.username,
  principal,
});

/** Whether an organization may see a meeting: the host, the invited and every superior above any of them. */
export const canSee = (meeting: Meeting, org: string) => meeting.visibleTo.includes(org);

/** Checks a request's `expected_version` is given (versions start at 1). */
export function checkExpectedVersion(expected: number): void {
  inputCheck()
    .that('expectedVersion', expected >= 1, 'is required: the version of the meeting you are changing')
    .done();
}

/**
 * The one way a meeting changes: inside the caller's transaction, with the row locked, a move or edit is
 * checked against the lifecycle (who, then the version the caller saw, then the state), applied with the
 * version incremented, and announced through the outbox — all committed together or not at all. Two
 * secretaries editing the same version: the row lock orders them, the second finds the version moved on
 * and gets CONFLICT naming the current one.
 */
@Injectable()
export class MeetingWriter {
  constructor(@Inject(MeetingEventsOutbox) private readonly events: MeetingEventsOutbox) {}

  /** Locks the meeting for the rest of the transaction; NOT_FOUND unless `org` may see it (system: any). */
  async lock(manager: EntityManager, id: string, org?: string): Promise<Meeting> {
    inputCheck().matches('id', id, UUID, 'must be a meeting id').done();
    const meeting = await manager
      .getRepository(Meeting)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!meeting || (org !== undefined && !canSee(meeting, org))) throw MeetingErrors.notFound(id);
    return meeting;
  }

  /** The meeting's agenda, action items and signatures, read in the caller's transaction. */
  async load(manager: EntityManager, meeting: Meeting): Promise<LoadedMeeting> {
    const [loaded] = await loadMany(manager, [meeting]);
    return loaded!;
  }

  /**
   * Checks a move (or edit) by `actor` on the version the caller saw (`expectedVersion`; undefined = the
   * request names none, e.g. a signature), applies `changes` with the next version and emits the move's event.
   */
  async change(
    manager: EntityManager,
    meeting: Meeting,
    move: MoveName,
    actor: Actor,
    expectedVersion: number | undefined,
    changes: Partial<Meeting> = {},
  ): Promise<MoveRule> {
    const rule: MoveRule = MOVES[move];
    checkWho(meeting, rule, actor.principal);
    if (expectedVersion !== undefined && expectedVersion !== meeting.version)
      throw MeetingErrors.staleVersion(meeting.id, expectedVersion, meeting.version);
    checkState(meeting, rule);
    const applied: Partial<Meeting> = {
      ...changes,
      ...(rule.to ? { state: rule.to } : {}),
      version: meeting.version + 1,
      updatedAt: new Date(),
    };
    const { affected } = await manager
      .getRepository(Meeting)
      .update({ id: meeting.id, version: meeting.version }, applied);
    // The row is locked: only a caller that did not lock it first can get here with a moved version.
    if (affected !== 1) throw MeetingErrors.staleVersion(meeting.id, meeting.version, meeting.version + 1);
    Object.assign(meeting, applied);
    if (rule.event) await this.events.append(manager, rule.event, meeting, actor);
    return rule;
  }

  /** Adds a new meeting (already checked) and announces it when it is made scheduled. */
  async insert(manager: EntityManager, meeting: Meeting, actor: Actor): Promise<void> {
    await manager.getRepository(Meeting).insert(meeting);
    if (meeting.state === 'scheduled') await this.events.append(manager, 'scheduled', meeting, actor);
  }

  /** Refuses early (before any network call) what the lifecycle would refuse anyway. */
  precheck(meeting: Meeting, move: MoveName, principal: Principal, expectedVersion?: number): void {
    const rule: MoveRule = MOVES[move];
    checkWho(meeting, rule, principal);
    if (expectedVersion !== undefined && expectedVersion !== meeting.version)
      throw MeetingErrors.staleVersion(meeting.id, expectedVersion, meeting.version);
    checkState(meeting, rule);
  }
}

/** Agenda, action items and signatures of several meetings in three queries. */
export async function loadMany(
  manager: EntityManager,
  meetings: readonly Meeting[],
): Promise<LoadedMeeting[]> {
  const ids = meetings.map((m) => m.id);
  if (ids.length === 0) return [];
  const [agenda, actions, signatures] = await Promise.all([
    manager.getRepository(AgendaItem).find({ where: { meetingId: In(ids) }, order: { number: 'ASC' } }),
    manager
      .getRepository(ActionItem)
      .find({ where: { meetingId: In(ids) }, order: { itemNumber: 'ASC', position: 'ASC' } }),
    manager.getRepository(MinutesSignature).find({ where: { meetingId: In(ids) }, order: { id: 'ASC' } }),
  ]);
  return meetings.map((meeting) => ({
    meeting,
    agenda: agenda.filter((a) => a.meetingId === meeting.id),
    actions: actions.filter((a) => a.meetingId === meeting.id),
    signatures: signatures.filter((s) => s.meetingId === meeting.id),
  }));
}
