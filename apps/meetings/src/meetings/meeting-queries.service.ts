import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { endOfShanghaiDay, isCalendarDate } from '@yiti/calendar';
import { MeetingKind, UUID, type ListMeetingsRequest, type Meeting as MeetingMessage } from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { decodePageToken, keysetPage } from '@yiti/persistence';
import { kindWords } from './details.js';
import { icsCalendar } from './icalendar.js';
import { Meeting } from './meeting.entity.js';
import { canSee, loadMany } from './meeting-writer.js';
import { MeetingErrors } from './meetings.errors.js';
import { KINDS, STATES, toMeetingMessage, type LoadedMeeting } from './meetings.mapper.js';
import { Participants } from './participants.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;
const DAY_MS = 86_400_000;

/** Reading meetings: one, a page of those the caller's organization may see, or one as an .ics file. */
@Injectable()
export class MeetingQueriesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Participants) private readonly participants: Participants,
  ) {}

  /** One meeting with its agenda and signatures, as `org` may see it. */
  async view(id: string, org: string): Promise<MeetingMessage> {
    return toMeetingMessage(await this.loaded(id, org));
  }

  async get(id: string, call: RpcCall): Promise<MeetingMessage> {
    inputCheck().matches('id', id, UUID, 'must be a meeting id').done();
    return this.view(id, call.principal.org);
  }

  async list(request: ListMeetingsRequest, call: RpcCall) {
    const states = request.states.map((s) => STATES.code(s));
    const kind = request.kind ? KINDS.code(request.kind) : undefined;
    inputCheck()
      .that('kind', request.kind === MeetingKind.UNSPECIFIED || kind !== undefined, 'must be a meeting kind')
      .that(
        'states',
        states.every((s) => s !== undefined),
        'must be meeting states',
      )
      .that('fromDate', !request.fromDate || isCalendarDate(request.fromDate), 'must be a date YYYY-MM-DD')
      .that('toDate', !request.toDate || isCalendarDate(request.toDate), 'must be a date YYYY-MM-DD')
      .that('pageSize', request.pageSize <= MAX_PAGE, `must be at most ${MAX_PAGE}`)
      .done();
    const cursor = decodePageToken(request.pageToken);
    const size = request.pageSize || DEFAULT_PAGE;
    const q = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.visible_to @> ARRAY[:org]::text[]', { org: call.principal.org });
    if (states.length > 0) q.andWhere('m.state IN (:...states)', { states });
    if (kind) q.andWhere('m.kind = :kind', { kind });
    // Dates are days in Asia/Shanghai, both inclusive.
    if (request.fromDate)
      q.andWhere('m.starts_at >= :from', {
        from: new Date(endOfShanghaiDay(request.fromDate).getTime() - DAY_MS),
      });
    if (request.toDate) q.andWhere('m.starts_at < :to', { to: endOfShanghaiDay(request.toDate) });
    if (cursor) q.andWhere('(m.listed_at, m.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await q
      .orderBy('m.listed_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(size + 1)
      .getMany();
    const { page, nextPageToken } = keysetPage(rows, size, (row) => row.listedAt);
    const loaded = await loadMany(this.dataSource.manager, page);
    return {
      meetings: loaded.map(toMeetingMessage),
      nextPageToken,
    };
  }

  /** The meeting as one iCalendar event; a draft has no time yet (CONFLICT). */
  async calendar(id: string, call: RpcCall): Promise<{ ics: string; filename: string }> {
    inputCheck().matches('id', id, UUID, 'must be a meeting id').done();
    const { meeting, agenda } = await this.loaded(id, call.principal.org);
    if (!meeting.startsAt || !meeting.endsAt) throw MeetingErrors.noTimeYet(id);
    const host = await this.participants.nameOf(meeting.hostOrg, call.token);
    const description = [
      `类型 Kind: ${kindWords(meeting.kind)}`,
      `主办 Host: ${host === meeting.hostOrg ? host : `${host} (${meeting.hostOrg})`}`,
      ...(agenda.length > 0 ? ['议程 Agenda:', ...agenda.map((a) => `${a.number}. ${a.title}`)] : []),
      ...(meeting.cancelledReason ? [`取消原因 Cancelled: ${meeting.cancelledReason}`] : []),
    ].join('\n');
    const ics = icsCalendar({
      uid: `${meeting.id}@yiti`,
      stamp: new Date(),
      start: meeting.startsAt,
      end: meeting.endsAt,
      summary: meeting.title,
      location: meeting.location,
      description,
      cancelled: meeting.state === 'cancelled',
      sequence: meeting.version,
    });
    return { ics, filename: `meeting-${meeting.id}.ics` };
  }

  private async loaded(id: string, org: string): Promise<LoadedMeeting> {
    const meeting = await this.dataSource.getRepository(Meeting).findOneBy({ id });
    if (!meeting || !canSee(meeting, org)) throw MeetingErrors.notFound(id);
    const [loaded] = await loadMany(this.dataSource.manager, [meeting]);
    return loaded!;
  }
}
