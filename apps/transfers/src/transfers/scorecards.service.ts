import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ScorecardGrouping, type Scorecard, type TransferScorecardsRequest } from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { isCalendarDate } from '@yiti/calendar';

/**
 * Counts per group over the transfers the caller may see; medians in hours. Every transfer the receiver
 * answered counts in exactly one of accepted, returned and objected, by how it ended for the receiver:
 * accepted — accepted directly, or objected and then accepted through a heads' consultation (resolution
 * accepted-by-receiver); returned; objected — objected and not (or not yet) taken by the receiver: the dispute
 * is open, the sender retained it, or it was escalated or designated.
 */
const ACCEPTED = `(t.receiver_decision = 'accepted' OR t.resolution = 'accepted-by-receiver')`;
const MEASURES = `
  count(*) FILTER (WHERE ${ACCEPTED})::int AS accepted,
  count(*) FILTER (WHERE t.receiver_decision = 'returned')::int AS returned,
  count(*) FILTER (WHERE t.receiver_decision = 'objected'
                      AND t.resolution IS DISTINCT FROM 'accepted-by-receiver')::int AS objected,
  count(*) FILTER (WHERE t.acknowledge_overdue_at IS NOT NULL OR t.decide_overdue_at IS NOT NULL
                      OR t.consultation_overdue_at IS NOT NULL)::int AS overdue,
  count(t.received_at)::int AS received,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.received_at - t.sent_at) / 3600)
    AS median_ack,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.decided_at - t.sent_at) / 3600)
    AS median_decide`;

const SCOPE = `t.sent_at IS NOT NULL AND t.visible_to @> ARRAY[$1]::text[]
  AND ($2 = '' OR t.sent_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND ($3 = '' OR t.sent_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Per pact: every measure over the transfers citing it ('' = the default rules). */
const BY_PACT = `
  SELECT coalesce(t.pact_code, '') AS key, count(*)::int AS sent, ${MEASURES}
    FROM transfers.transfer t WHERE ${SCOPE}
   GROUP BY 1 ORDER BY 1`;

/**
 * Per organization: `sent` counts what it sent; the other measures are how it answered what it received
 * (acknowledged, accepted, returned, objected, missed deadlines, medians).
 */
const BY_ORGANIZATION = `
  WITH scoped AS (SELECT * FROM transfers.transfer t WHERE ${SCOPE}),
  sent AS (SELECT sender_org AS key, count(*)::int AS sent FROM scoped GROUP BY 1),
  answered AS (SELECT t.receiver_org AS key, ${MEASURES} FROM scoped t GROUP BY 1)
  SELECT coalesce(s.key, a.key) AS key, coalesce(s.sent, 0) AS sent, coalesce(a.accepted, 0) AS accepted,
         coalesce(a.returned, 0) AS returned, coalesce(a.objected, 0) AS objected,
         coalesce(a.overdue, 0) AS overdue, coalesce(a.received, 0) AS received, a.median_ack, a.median_decide
    FROM sent s FULL JOIN answered a ON a.key = s.key
   ORDER BY 1`;

interface Row {
  key: string;
  sent: number;
  received: number;
  accepted: number;
  returned: number;
  objected: number;
  overdue: number;
  median_ack: number | null;
  median_decide: number | null;
}

/** Scorecards per pact and per organization, over the transfers the caller's organization may see. */
@Injectable()
export class ScorecardsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async scorecards(request: TransferScorecardsRequest, call: RpcCall): Promise<Scorecard[]> {
    inputCheck()
      .that(
        'groupBy',
        [ScorecardGrouping.PACT, ScorecardGrouping.ORGANIZATION].includes(request.groupBy),
        'must be PACT or ORGANIZATION',
      )
      .that('fromDate', !request.fromDate || isCalendarDate(request.fromDate), 'must be a date YYYY-MM-DD')
      .that('toDate', !request.toDate || isCalendarDate(request.toDate), 'must be a date YYYY-MM-DD')
      .done();
    const sql = request.groupBy === ScorecardGrouping.PACT ? BY_PACT : BY_ORGANIZATION;
    const rows: Row[] = await this.dataSource.query(sql, [
      call.principal.org,
      request.fromDate,
      request.toDate,
    ]);
    return rows.map((r) => ({
      $typeName: 'yiti.transfers.v1.Scorecard',
      key: r.key,
      sent: r.sent,
      received: r.received,
      accepted: r.accepted,
      returned: r.returned,
      objected: r.objected,
      overdue: r.overdue,
      ...(r.median_ack === null ? {} : { medianHoursToAcknowledge: Number(r.median_ack) }),
      ...(r.median_decide === null ? {} : { medianHoursToDecide: Number(r.median_decide) }),
    }));
  }
}
