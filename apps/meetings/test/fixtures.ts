import pg from 'pg';
import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import {
  AgendaItemSchema,
  AttendeeRole,
  MeetingDetailsSchema,
  MeetingKind,
  MeetingsRpc,
  TransferContentSchema,
  TransferKind,
  type Attendee,
  type Meeting,
  type RpcMethod,
} from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';

const HOUR = 3_600_000;

/** An RFC 3339 time `hours` from now (whole seconds, Shanghai offset as clients send it). */
export function inHours(hours: number): string {
  const d = new Date(Math.floor((Date.now() + hours * HOUR) / 1000) * 1000 + 8 * HOUR);
  return d.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

type DetailsInit = Parameters<typeof create<typeof MeetingDetailsSchema>>[1];

/**
 * A prosecutors' joint meeting in half an hour (so it may be started now: from 60 minutes before its start),
 * inviting 贡嘎 (fields can be overridden).
 */
export const details = (overrides: DetailsInit = {}) =>
  create(MeetingDetailsSchema, {
    kind: MeetingKind.PROSECUTORS_JOINT,
    title: '检察官联席会议（测试）',
    startsAt: inHours(0.5),
    endsAt: inHours(2.5),
    location: '山南市人民检察院三楼会议室',
    invitees: [{ org: 'proc-540522', username: '' }],
    ...overrides,
  });

export const attendee = (username: string, org: string, role: AttendeeRole, present = true): Attendee =>
  ({ username, org, role, present }) as Attendee;

/** The present attendees of a joint meeting at the city with 贡嘎: three prosecutors, the secretary absent. */
export const jointAttendance = () => [
  attendee('city-chief', 'proc-540500', AttendeeRole.CHIEF_PROSECUTOR),
  attendee('gongga-chief', 'proc-540522', AttendeeRole.CHIEF_PROSECUTOR),
  attendee('gongga-prosecutor', 'proc-540522', AttendeeRole.PROSECUTOR),
  attendee('city-secretary', 'proc-540500', AttendeeRole.SECRETARY, false),
];

/** A Yarlung Tsangpo lead from 贡嘎 to 曲水 (as apps/transfers/test/fixtures.ts). */
export const lead = () =>
  create(TransferContentSchema, {
    receiverOrg: 'proc-540124',
    kind: TransferKind.LEAD,
    businessLine: 'criminal',
    category: 'illegal-mining',
    divisionCode: '540124',
    summary: '雅鲁藏布江曲水段夜间非法采砂线索（会商测试）',
    senderCaseNumber: '贡检移〔2026〕9号',
    pactCode: '',
  });

/** RFC 5545 unfolding, then the content lines (without the final empty one). */
export function icsLines(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);
}

export type ItemInit = MessageInitShape<typeof AgendaItemSchema>;

/** Demo users logged in at the identity provider, and tokens it would issue to two more. */
const USERS = [
  'city-secretary',
  'gongga-secretary',
  'gongga-prosecutor',
  'gongga-chief',
  'gongga-police',
  'qushui-chief',
  'city-chief',
  'region-chief',
];

/**
 * The whole stack (real NATS, PostgreSQL, every service) with a PostgreSQL client on its database and the
 * secretary's steps as one-line calls, each on the version the caller last saw.
 */
export async function meetingsHarness() {
  const stack: TestStack = await startTestStack();
  const nc: NatsConnection = await stack.connectNats();
  const rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const token: Record<string, string> = {};
  for (const user of USERS) token[user] = await stack.login(user);
  token['gongga-secretary-2'] = await stack.tokens.valid({
    preferred_username: 'gongga-secretary-2',
    org: 'proc-540522',
    realm_access: { roles: ['meeting-secretary'] },
  });
  let keyNo = 0;
  const key = () => `meeting-key-${Date.now()}-${keyNo++}`;
  const as = <I extends DescMessage, O extends DescMessage>(
    user: string,
    method: RpcMethod<I, O>,
    request: MessageInitShape<I>,
  ): Promise<MessageShape<O>> => rpc.call(method, request, { token: token[user]! });
  const at = (m: Meeting) => ({ id: m.id, expectedVersion: m.version });
  const h = {
    stack,
    db,
    token,
    key,
    as,
    count: async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n),
    row: async (id: string) =>
      (await db.query(`SELECT state, version, minutes, title FROM meetings.meeting WHERE id = $1`, [id]))
        .rows[0] as { state: string; version: number; minutes: string; title: string },
    /** The meeting's events in the outbox, in order (`meeting.scheduled.v1`, `consultation.decided.v1`, …). */
    outboxSubjects: async (meetingId: string) =>
      (
        await db.query(
          `SELECT subject FROM meetings.outbox WHERE position($1::text IN encode(payload, 'escape')) > 0 ORDER BY seq`,
          [meetingId],
        )
      ).rows.map((r: { subject: string }) => r.subject.replace(/^.*yiti\.evt\.meetings\./, '')),
    create: async (user = 'city-secretary', d = details()) =>
      (await as(user, MeetingsRpc.create, { details: d, idempotencyKey: key() })).meeting!,
    start: async (m: Meeting, user = 'city-secretary') => (await as(user, MeetingsRpc.start, at(m))).meeting!,
    attendance: async (m: Meeting, attendees = jointAttendance(), user = 'city-secretary') =>
      (await as(user, MeetingsRpc.recordAttendance, { ...at(m), attendees })).meeting!,
    item: async (m: Meeting, item: ItemInit, user = 'city-secretary') =>
      (await as(user, MeetingsRpc.recordAgendaItem, { ...at(m), item })).meeting!,
    conclude: async (m: Meeting, user = 'city-secretary') =>
      (await as(user, MeetingsRpc.conclude, at(m))).meeting!,
    minutes: async (m: Meeting, minutes: string, user = 'city-secretary') =>
      (await as(user, MeetingsRpc.writeMinutes, { ...at(m), minutes })).meeting!,
    sign: async (m: Meeting, user: string, digest = m.minutesDigest) =>
      (await as(user, MeetingsRpc.signMinutes, { id: m.id, digest })).meeting!,
    get: async (id: string, user = 'city-secretary') => (await as(user, MeetingsRpc.get, { id })).meeting!,
    async close() {
      await db.end();
      await nc.close();
      await stack.stop();
    },
  };
  return {
    ...h,
    /** A joint meeting at the city in session with three prosecutors present. */
    inSession: async () => h.attendance(await h.start(await h.create())),
  };
}

export type MeetingsHarness = Awaited<ReturnType<typeof meetingsHarness>>;
