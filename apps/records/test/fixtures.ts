import pg from 'pg';
import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { LookupPurpose, type RpcMethod } from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';

/** A complete, judicial-use purpose (override any part). */
export const purpose = (
  overrides: { code?: LookupPurpose; caseNumber?: string; justification?: string } = {},
) => ({
  code: LookupPurpose.PROSECUTION_REVIEW,
  caseNumber: '贡检刑诉〔2026〕12号',
  justification: '审查起诉中核实犯罪嫌疑人有无前科',
  ...overrides,
});

/** The demonstration persons (apps/records/src/people/demo-seed.ts). */
export const TASHI = '00000000-0000-4000-8000-0000000de001';
export const TSERING_DROLMA = '00000000-0000-4000-8000-0000000de002';
export const WANG = '00000000-0000-4000-8000-0000000de003';

export interface AuditRow {
  seq: string;
  actor: string;
  actor_org: string;
  action: string;
  purpose_code: string | null;
  case_number: string | null;
  query: Record<string, unknown>;
  result_ids: string[];
  outcome: string;
  caller: Record<string, string | number | null> | null;
}

/**
 * The whole stack with the demonstration data (the agreements service's pact between 贡嘎 and 曲水 shares record
 * lookup; the records service has three hand-made and 3,000 generated persons), a PostgreSQL client on its
 * database (as the owner) and tokens.
 */
export async function recordsHarness(env: Record<string, string> = {}) {
  const stack: TestStack = await startTestStack({ seedDemoData: true, env });
  const nc: NatsConnection = await stack.connectNats();
  const rpc = new RpcClient(nc, 10_000, undefined, stack.subjectPrefix);
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const tokens = new Map<string, string>();
  for (const user of [
    'gongga-prosecutor',
    'gongga-chief',
    'qushui-prosecutor',
    'city-chief',
    'gongga-police',
    'city-auditor',
  ]) {
    tokens.set(user, await stack.login(user));
  }
  /** A token for a made-up user (own username, so the rate limit is theirs alone). */
  const mint = async (username: string, org: string, roles: string[]) => {
    const token = await stack.tokens.valid({
      sub: `sub-${username}`,
      preferred_username: username,
      org,
      realm_access: { roles },
    });
    tokens.set(username, token);
    return token;
  };
  const as = <I extends DescMessage, O extends DescMessage>(
    user: string,
    method: RpcMethod<I, O>,
    request: MessageInitShape<I>,
  ): Promise<MessageShape<O>> => rpc.call(method, request, { token: tokens.get(user)! });
  const lastAudit = async (): Promise<AuditRow> =>
    (await db.query(`SELECT * FROM records.audit_log ORDER BY seq DESC LIMIT 1`)).rows[0] as AuditRow;
  const auditCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM records.audit_log`)).rows[0].n);
  const citizenIdOf = async (personId: string) =>
    (await db.query(`SELECT citizen_id FROM records.person WHERE id = $1`, [personId])).rows[0]
      .citizen_id as string;
  return {
    stack,
    db,
    rpc,
    as,
    mint,
    lastAudit,
    auditCount,
    citizenIdOf,
    async close() {
      await db.end();
      await nc.close();
      await stack.stop();
    },
  };
}

export type RecordsHarness = Awaited<ReturnType<typeof recordsHarness>>;
