import { createHash } from 'node:crypto';
import type { ActionItem } from './action-item.entity.js';
import type { AgendaItem, OpinionJson } from './agenda-item.entity.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

const opinion = (o: OpinionJson | null) => (o ? { text: o.text, holders: [...o.holders].sort() } : null);

/**
 * The canonical text of a meeting's record — what a signature binds: the meeting id, the minutes, and per
 * agenda item (in number order) its title, subject, decision, opinions, referral, outcome and action items
 * (owner, task, working days). JSON with sorted keys and no insignificant whitespace: the same record always
 * gives the same text. An action item's status is the owner's progress, not part of the record.
 */
export function minutesText(
  meetingId: string,
  minutes: string,
  agenda: readonly AgendaItem[],
  actions: readonly ActionItem[],
): string {
  return JSON.stringify(
    sortKeys({
      meeting: meetingId,
      minutes,
      agenda: [...agenda]
        .sort((a, b) => a.number - b.number)
        .map((item) => ({
          number: item.number,
          title: item.title,
          transferId: item.transferId ?? '',
          caseNumber: item.caseNumber ?? '',
          consultationId: item.consultationId ?? '',
          decision: item.decision,
          majority: opinion(item.majority),
          minorities: item.minorities.map(opinion),
          referToCommittee: item.referToCommittee,
          transferOutcome: item.transferOutcome ?? '',
          actions: actions
            .filter((a) => a.itemNumber === item.number)
            .sort((a, b) => a.position - b.position)
            .map((a) => ({
              id: a.id,
              ownerOrg: a.ownerOrg,
              description: a.description,
              dueWithinDays: a.dueWithinDays,
            })),
        })),
    }),
  );
}

/** SHA-256 (hex) of the canonical text: what each present attendee signs. */
export function minutesDigest(
  meetingId: string,
  minutes: string,
  agenda: readonly AgendaItem[],
  actions: readonly ActionItem[],
): string {
  return createHash('sha256')
    .update(minutesText(meetingId, minutes, agenda, actions), 'utf8')
    .digest('hex');
}
