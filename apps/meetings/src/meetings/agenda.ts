import {
  CASE_NUMBER,
  ConsultationOutcome,
  MAX_AGENDA_ITEMS,
  MAX_ATTENDEES,
  NOTE_MAX_LENGTH,
  ORGANIZATION_CODE,
  POLICE_CASE_NUMBER,
  SUMMARY_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  UUID,
  type AgendaItem as AgendaItemMessage,
  type Attendee,
  type Opinion,
} from '@yiti/contracts';
import { inputCheck, type InputCheck } from '@yiti/messaging';
import type { AgendaItem, OpinionJson } from './agenda-item.entity.js';
import { USERNAME } from './details.js';
import type { AttendeeJson, Meeting } from './meeting.entity.js';
import { MeetingErrors } from './meetings.errors.js';
import { ATTENDEE_ROLES, OUTCOMES, type LoadedMeeting } from './meetings.mapper.js';

export const MAX_ACTIONS_PER_ITEM = 50;
export const MAX_MINORITIES = 20;
/** The longest an action item may be given, in working days (about a year). */
export const MAX_DUE_WITHIN_DAYS = 250;

export interface CheckedAction {
  /** The id of the item's existing action it replaces, if the client sent one back. */
  id: string;
  ownerOrg: string;
  description: string;
  dueWithinDays: number;
}

export interface CheckedAgendaItem {
  item: Omit<AgendaItem, 'meetingId'>;
  actions: CheckedAction[];
  /** Whether it records what was decided (only in session), not just what is on the agenda. */
  decides: boolean;
}

function checkOpinion(check: InputCheck, field: string, o: Opinion): OpinionJson {
  const text = o.text.trim();
  const holders = [...new Set(o.holders.map((h) => h.trim()))];
  check
    .required(`${field}.text`, text)
    .maxLength(`${field}.text`, text, SUMMARY_MAX_LENGTH)
    .that(`${field}.holders`, holders.length > 0, 'must name who holds it')
    .that(
      `${field}.holders`,
      holders.every((h) => USERNAME.test(h)),
      'must be usernames',
    );
  return { text, holders };
}

/** An agenda item's own formats (before the meeting is read): links, texts, opinions, action items. */
export function checkedAgendaItem(given: AgendaItemMessage | undefined): CheckedAgendaItem {
  const i = given ?? ({ actions: [], minorities: [] } as unknown as AgendaItemMessage);
  const check = inputCheck().that('item', given !== undefined, 'is required');
  const title = (i.title ?? '').trim();
  const caseNumber = (i.caseNumber ?? '').trim();
  const decision = (i.decision ?? '').trim();
  const outcome = i.transferOutcome ? OUTCOMES.code(i.transferOutcome) : null;
  const links = [i.transferId, caseNumber, i.consultationId].filter(Boolean).length;
  check
    .that('item.number', i.number >= 1 && i.number <= MAX_AGENDA_ITEMS, `must be 1 to ${MAX_AGENDA_ITEMS}`)
    .required('item.title', title)
    .maxLength('item.title', title, TITLE_MAX_LENGTH)
    .that('item', links <= 1, 'links at most one of transferId, caseNumber and consultationId')
    .that('item.transferId', !i.transferId || UUID.test(i.transferId), 'must be a transfer id')
    .that(
      'item.caseNumber',
      !caseNumber || CASE_NUMBER.test(caseNumber) || POLICE_CASE_NUMBER.test(caseNumber),
      'must be a case number such as 贡检刑诉〔2026〕12号 or a police case number',
    )
    .that(
      'item.consultationId',
      !i.consultationId || UUID.test(i.consultationId),
      'must be a consultation id',
    )
    .maxLength('item.decision', decision, SUMMARY_MAX_LENGTH)
    .that('item.transferOutcome', outcome !== undefined, 'must be a consultation outcome')
    .that('item.transferOutcome', !outcome || !!i.transferId, 'needs the item to link a transfer')
    .that(
      'item.minorities',
      (i.minorities ?? []).length <= MAX_MINORITIES,
      `must be at most ${MAX_MINORITIES}`,
    )
    .that(
      'item.actions',
      (i.actions ?? []).length <= MAX_ACTIONS_PER_ITEM,
      `must be at most ${MAX_ACTIONS_PER_ITEM}`,
    );
  const majority = i.majority ? checkOpinion(check, 'item.majority', i.majority) : null;
  const minorities = (i.minorities ?? []).map((o, n) => checkOpinion(check, `item.minorities[${n}]`, o));
  const holders = [majority, ...minorities].flatMap((o) => o?.holders ?? []);
  check.that('item', new Set(holders).size === holders.length, 'a person holds at most one of its opinions');
  const actions = (i.actions ?? []).map((a, n): CheckedAction => {
    const description = a.description.trim();
    check
      .matches(`item.actions[${n}].ownerOrg`, a.ownerOrg, ORGANIZATION_CODE, 'must be an organization code')
      .required(`item.actions[${n}].description`, description)
      .maxLength(`item.actions[${n}].description`, description, NOTE_MAX_LENGTH)
      .that(
        `item.actions[${n}].dueWithinDays`,
        a.dueWithinDays >= 1 && a.dueWithinDays <= MAX_DUE_WITHIN_DAYS,
        `must be 1 to ${MAX_DUE_WITHIN_DAYS} working days`,
      );
    return { id: a.id, ownerOrg: a.ownerOrg, description, dueWithinDays: a.dueWithinDays };
  });
  check.done();
  const item = {
    number: i.number,
    title,
    transferId: i.transferId || null,
    caseNumber: caseNumber || null,
    consultationId: i.consultationId || null,
    decision,
    majority,
    minorities,
    referToCommittee: i.referToCommittee ?? false,
    transferOutcome: outcome ?? null,
  };
  const decides =
    !!decision ||
    !!majority ||
    minorities.length > 0 ||
    item.referToCommittee ||
    !!outcome ||
    actions.length > 0;
  return { item, actions, decides };
}

/**
 * What an item must fit in its meeting: the next number adds one, an existing number replaces it; an outcome
 * only in a heads' consultation; opinions held by attendees present; the transfer a consultation was made for
 * stays on its item.
 */
export function checkItemFits(checked: CheckedAgendaItem, loaded: LoadedMeeting): void {
  const { meeting, agenda } = loaded;
  const { item } = checked;
  const present = new Set(meeting.attendees.filter((a) => a.present).map((a) => a.username));
  const absent = [item.majority, ...item.minorities]
    .flatMap((o) => o?.holders ?? [])
    .filter((h) => !present.has(h));
  inputCheck()
    .that(
      'item.number',
      item.number <= agenda.length + 1,
      `must be 1 to ${agenda.length + 1} (the next number adds an item)`,
    )
    .that(
      'item.transferOutcome',
      !item.transferOutcome || meeting.kind === 'heads-consultation',
      "is decided only in a heads' consultation",
    )
    .that(
      'item',
      absent.length === 0,
      `opinions are held by attendees present; not present: ${absent.join(', ')}`,
    )
    .done();
  const replaced = agenda.find((a) => a.number === item.number);
  if (
    meeting.transferId &&
    replaced?.transferId === meeting.transferId &&
    item.transferId !== meeting.transferId
  )
    throw MeetingErrors.transferLinkRemoved(item.number);
}

/**
 * The whole attendance list after the service's checks: each person once, of the host or an invited
 * organization, with a role; nobody holding a recorded opinion may be dropped or marked absent.
 */
export function checkedAttendees(
  given: readonly Attendee[],
  meeting: Meeting,
  agenda: readonly AgendaItem[],
): AttendeeJson[] {
  const orgs = new Set([meeting.hostOrg, ...meeting.invitees.map((i) => i.org)]);
  const check = inputCheck().that(
    'attendees',
    given.length <= MAX_ATTENDEES,
    `must be at most ${MAX_ATTENDEES}`,
  );
  const list = given.map((a, n): AttendeeJson => {
    const username = a.username.trim();
    const role = ATTENDEE_ROLES.code(a.role);
    check
      .matches(`attendees[${n}].username`, username, USERNAME, 'must be a username')
      .that(`attendees[${n}].org`, orgs.has(a.org), 'must be the host or an invited organization')
      .that(`attendees[${n}].role`, role !== undefined, 'must be an attendee role');
    return { username, org: a.org, role: role!, present: a.present };
  });
  const usernames = list.map((a) => a.username);
  check.that('attendees', new Set(usernames).size === usernames.length, 'lists each person once');
  const present = new Set(list.filter((a) => a.present).map((a) => a.username));
  const holders = agenda.flatMap((item) =>
    [item.majority, ...item.minorities].flatMap((o) => o?.holders ?? []),
  );
  const dropped = [...new Set(holders.filter((h) => !present.has(h)))];
  check
    .that(
      'attendees',
      dropped.length === 0,
      `must keep present those holding recorded opinions: ${dropped.join(', ')}`,
    )
    .done();
  return list;
}

/** The disputed transfers on a heads' consultation's agenda that have no outcome yet (their item numbers). */
export function itemsWithoutOutcome(agenda: readonly AgendaItem[]): number[] {
  return agenda.filter((a) => a.transferId && !a.transferOutcome).map((a) => a.number);
}

export const outcomeMessage = (item: AgendaItem) =>
  OUTCOMES.message(item.transferOutcome, ConsultationOutcome.UNSPECIFIED);
