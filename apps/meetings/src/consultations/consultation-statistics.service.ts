import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ORGANIZATION_CODE,
  type ConsultationStatisticsRequest,
  type OfficeStatistics,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import type { ConsultationTypeCode } from './consultation.entity.js';
import { checkPeriod, periodBounds } from '../statistics-period.js';
import { TYPES, typeToMessage } from './consultations.mapper.js';

const TYPE_CODES: readonly ConsultationTypeCode[] = TYPES.codes();
/** A result column name per type code (`early-involvement` → `t_early_involvement`). */
const column = (code: ConsultationTypeCode) => `t_${code.replace(/-/g, '_')}`;

/** The same rule as isFollowUpOverdue (consultations.mapper.ts): marked, or running past its end. */
const OVERDUE = `c.follow_up_overdue_at IS NOT NULL OR (c.state = 'answered' AND c.follow_up_due_at < now())`;

/**
 * ISCO consultation meetings held at an ISCO: the meetings feature's table (same service, same schema), read
 * here in SQL. A meeting is held once concluded; approving its minutes later does not undo that.
 */
const HELD_MEETINGS = `m.kind = 'isco-consultation' AND m.state IN ('concluded', 'minutes-approved')
      AND m.host_org LIKE 'isco-%'`;

/**
 * One statement, two grouped scans. Each figure counts only what the caller may see ($1 in visible_to): the
 * consultations logged in the period [$3, $4) — by type, distinct police case numbers, missed follow-ups —
 * and the meetings concluded in it; $2 narrows to one ISCO. An office is listed when it has either.
 * Consultations are found through the GIN index on visible_to and the index on logged_at. The period is
 * tested before visible_to (the planner keeps the written order of equally cheap tests), and codes and case
 * numbers are grouped byte-wise (COLLATE "C": equality is unchanged, sorting skips the locale).
 */
const STATISTICS = `
  WITH counted AS (
    SELECT c.isco_org COLLATE "C" AS isco_org, count(*)::int AS consultations,
           ${TYPE_CODES.map((t) => `count(*) FILTER (WHERE c.type = '${t}')::int AS ${column(t)}`).join(',\n           ')},
           count(DISTINCT c.police_case_number COLLATE "C")::int AS cases_consulted,
           count(*) FILTER (WHERE ${OVERDUE})::int AS overdue_follow_ups
      FROM meetings.police_consultation c
     WHERE c.logged_at >= $3 AND c.logged_at < $4 AND ($2 = '' OR c.isco_org = $2)
       AND c.visible_to @> ARRAY[$1]::text[]
     GROUP BY 1
  ),
  held AS (
    SELECT m.host_org COLLATE "C" AS isco_org, count(*)::int AS meetings_held
      FROM meetings.meeting m
     WHERE ${HELD_MEETINGS} AND m.visible_to @> ARRAY[$1]::text[] AND ($2 = '' OR m.host_org = $2)
       AND m.concluded_at >= $3 AND m.concluded_at < $4
     GROUP BY 1
  )
  SELECT coalesce(c.isco_org, h.isco_org) AS isco_org, coalesce(c.consultations, 0) AS consultations,
         ${TYPE_CODES.map((t) => `coalesce(c.${column(t)}, 0) AS ${column(t)}`).join(', ')},
         coalesce(c.cases_consulted, 0) AS cases_consulted, coalesce(h.meetings_held, 0) AS meetings_held,
         coalesce(c.overdue_follow_ups, 0) AS overdue_follow_ups
    FROM counted c FULL JOIN held h ON h.isco_org = c.isco_org
   ORDER BY 1`;

/** isco_org, then the counts (int columns). */
type Row = { isco_org: string } & Partial<Record<string, string | number>>;
const n = (r: Row, name: string) => Number(r[name] ?? 0);

/**
 * The figures Shannan counts by hand, per ISCO and period, over what the caller's organization may see. Offices
 * with nothing in the period are left out (the directory lists every ISCO).
 */
@Injectable()
export class ConsultationStatisticsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async statistics(request: ConsultationStatisticsRequest, call: RpcCall): Promise<OfficeStatistics[]> {
    const { iscoOrg, fromDate, toDate } = request;
    checkPeriod(
      inputCheck().that(
        'iscoOrg',
        !iscoOrg || (ORGANIZATION_CODE.test(iscoOrg) && iscoOrg.startsWith('isco-')),
        'must be an ISCO code such as isco-540522',
      ),
      fromDate,
      toDate,
    ).done();
    const rows: Row[] = await this.dataSource.query(STATISTICS, [
      call.principal.org,
      iscoOrg,
      ...periodBounds(fromDate, toDate),
    ]);
    return rows.map((r) => ({
      $typeName: 'yiti.meetings.v1.OfficeStatistics',
      iscoOrg: r.isco_org,
      consultations: n(r, 'consultations'),
      byType: TYPE_CODES.map((t) => ({
        $typeName: 'yiti.meetings.v1.TypeCount',
        type: typeToMessage(t),
        count: n(r, column(t)),
      })),
      casesConsulted: n(r, 'cases_consulted'),
      meetingsHeld: n(r, 'meetings_held'),
      overdueFollowUps: n(r, 'overdue_follow_ups'),
    }));
  }
}
