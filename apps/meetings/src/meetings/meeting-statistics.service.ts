import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MeetingKindStatistics, MeetingStatisticsRequest } from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { checkPeriod, periodBounds } from '../statistics-period.js';
import type { MeetingKindCode } from './meeting.entity.js';
import { kindToMessage } from './meetings.mapper.js';

/**
 * Meetings held per host organization and kind over what the caller's organization may see ($1 in
 * visible_to): concluded in [$2, $3) — approving the minutes later does not undo that — with the distinct
 * cases on their agendas (a transfer, a case number or a police consultation each count once per host and
 * kind) and the items referred to the procuratorial committee.
 */
const STATISTICS = `
  SELECT m.host_org COLLATE "C" AS host_org, m.kind COLLATE "C" AS kind,
         count(DISTINCT m.id)::int AS meetings_held,
         count(DISTINCT coalesce('t:' || a.transfer_id::text, 'n:' || a.case_number, 'c:' || a.consultation_id::text))::int
           AS cases_discussed,
         count(a.number) FILTER (WHERE a.refer_to_committee)::int AS referred_to_committee
    FROM meetings.meeting m
    LEFT JOIN meetings.agenda_item a ON a.meeting_id = m.id
   WHERE m.state IN ('concluded', 'minutes-approved') AND m.concluded_at >= $2 AND m.concluded_at < $3
     AND m.visible_to @> ARRAY[$1]::text[]
   GROUP BY 1, 2
   ORDER BY 1, 2`;

interface Row {
  host_org: string;
  kind: MeetingKindCode;
  meetings_held: number;
  cases_discussed: number;
  referred_to_committee: number;
}

/** The figures the city counts: joint meetings held and cases discussed, per office and kind. */
@Injectable()
export class MeetingStatisticsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async statistics(request: MeetingStatisticsRequest, call: RpcCall): Promise<MeetingKindStatistics[]> {
    const { fromDate, toDate } = request;
    checkPeriod(inputCheck(), fromDate, toDate).done();
    const rows: Row[] = await this.dataSource.query(STATISTICS, [
      call.principal.org,
      ...periodBounds(fromDate, toDate),
    ]);
    return rows.map((r) => ({
      $typeName: 'yiti.meetings.v1.MeetingKindStatistics',
      hostOrg: r.host_org,
      kind: kindToMessage(r.kind),
      meetingsHeld: r.meetings_held,
      casesDiscussed: r.cases_discussed,
      referredToCommittee: r.referred_to_committee,
    }));
  }
}
