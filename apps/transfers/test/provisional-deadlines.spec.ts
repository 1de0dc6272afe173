import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { fromBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadCalendarData, type NationalCalendarData } from '@yiti/calendar';
import { startTestStack, type TestStack } from '@yiti/devstack';
import {
  Deadline,
  TransferDeadlineEvents,
  TransferDeadlineMovedSchema,
  TransfersRpc,
  type Transfer,
} from '@yiti/contracts';
import { loadConfig } from '@yiti/config';
import { RpcClient } from '@yiti/messaging';
import { TransfersConfig } from '../src/transfers.config.js';
import { lead } from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An invented State Council notice for 2027: 元旦 01-01…03, 春节 02-05…11, make-up Saturdays 01-30 and 02-20. */
const NATIONAL_2027: NationalCalendarData = {
  source: 'test fixture: invented 2027 national arrangement',
  holidays: [
    ...['01-01', '01-02', '01-03'].map((d) => ({ date: `2027-${d}`, name: '元旦' })),
    ...[5, 6, 7, 8, 9, 10, 11].map((d) => ({ date: `2027-02-${String(d).padStart(2, '0')}`, name: '春节' })),
  ],
  workdays: [
    { date: '2027-01-30', name: '春节调休上班' },
    { date: '2027-02-20', name: '春节调休上班' },
  ],
};

/**
 * Late December 2026, with chinese-days 1.5.7 (no 2027 data) and the shipped Tibet data (no 2027 either): the
 * transfers service (clock started at 2026-12-30 10:00 Shanghai) stores deadlines into 2027 as provisional;
 * restarted with a national file for 2027 it moves those that change and announces each once, still
 * provisional for want of regional data; restarted with both files, they are settled and nothing moves again.
 */
describe('transfers: provisional deadlines into an unpublished year', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const dir = mkdtempSync(join(tmpdir(), 'yiti-provisional-'));
  const nationalFile = join(dir, 'national-2027.json');
  const regionalFile = join(dir, 'regional-2027.json');
  const token: Record<string, string> = {};
  const env = { TEST_CLOCK_START: '2026-12-30T10:00:00+08:00', DEFAULT_ACKNOWLEDGE_DAYS: '25' };
  let keyNo = 0;
  let a: Transfer;
  let b: Transfer;

  const get = async (id: string, user = 'gongga-prosecutor') =>
    (await rpc.call(TransfersRpc.get, { id }, { token: token[user]! })).transfer!;
  const deadlines = async (id: string) =>
    (await get(id)).deadlines.map((d) => [Deadline[d.deadline], d.dueAt, d.localDate, d.provisional]);
  const moved = async () =>
    (
      await db.query(`SELECT subject, payload FROM transfers.outbox WHERE subject = $1 ORDER BY seq`, [
        stack.subjectPrefix + TransferDeadlineEvents.deadlineMoved.subject,
      ])
    ).rows.map((row: { payload: Buffer }) => fromBinary(TransferDeadlineMovedSchema, row.payload));
  const provisionalRows = async () =>
    Number(
      (
        await db.query(`SELECT count(*) AS n FROM transfers.transfer
                         WHERE acknowledge_due_provisional OR decide_due_provisional OR consultation_due_provisional`)
      ).rows[0].n,
    );
  /** The warn lines of the running transfers process about provisional years. */
  const provisionalWarnings = () =>
    stack.processes
      .transfers!.lines()
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string; year?: number; settings?: string[] })
      .filter((entry) => entry.level === 'warn' && /provisional/.test(entry.msg));
  /** Restarts transfers and waits (with a deadline) until its boot-time recomputation has settled `check`. */
  const restart = async (extra: Record<string, string>, check: () => Promise<boolean>) => {
    await stack.start('transfers', { ...env, ...extra });
    const until = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('the recomputation did not finish in 15 s');
      await sleep(100);
    }
  };

  before(async () => {
    writeFileSync(nationalFile, JSON.stringify(NATIONAL_2027));
    const regional = loadCalendarData();
    regional.source = 'test fixture: shipped Tibet data plus an invented 2027 藏历新年';
    regional.holidays.push(
      ...[12, 13, 14, 15, 16].map((d) => ({ date: `2027-02-${d}`, name: '藏历新年（虚构，测试用）' })),
    );
    writeFileSync(regionalFile, JSON.stringify(regional));
    stack = await startTestStack();
    await stack.start('transfers', env);
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of ['gongga-prosecutor', 'qushui-prosecutor']) token[user] = await stack.login(user);
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a deadline into 2027 is counted with 2027-01-01 off and stored as provisional', async () => {
    const send = async () =>
      (
        await rpc.call(
          TransfersRpc.send,
          { content: lead(), idempotencyKey: `provisional-${Date.now()}-${keyNo++}` },
          { token: token['gongga-prosecutor']! },
        )
      ).transfer!;
    a = await send();
    b = await send();
    await get(b.id, 'qushui-prosecutor'); // B's receipt: its decide clock starts "now", 2026-12-30
    // 25 working days from Wednesday 2026-12-30: 12-31, (01-01 off), 01-04 … 01-29 (20), 02-01 … 02-04.
    assert.deepEqual(await deadlines(a.id), [
      ['ACKNOWLEDGE', '2027-02-04T16:00:00.000Z', '2027-02-04', true],
    ]);
    // 10 working days from receipt: 12-31, 01-04 … 01-08, 01-11 … 01-14.
    assert.deepEqual(await deadlines(b.id), [
      ['ACKNOWLEDGE', '2027-02-04T16:00:00.000Z', '2027-02-04', true],
      ['DECIDE', '2027-01-14T16:00:00.000Z', '2027-01-14', true],
    ]);
    assert.equal(await provisionalRows(), 2);
    assert.deepEqual(await moved(), []);
    // One warning for the process (at boot), not one per deadline, naming the files and what is assumed.
    const warnings = provisionalWarnings();
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.equal(warnings[0]!.year, 2027);
    assert.deepEqual(warnings[0]!.settings, ['NATIONAL_HOLIDAYS_FILE', 'REGIONAL_HOLIDAYS_FILE']);
    assert.match(warnings[0]!.msg, /no make-up working days/);
  });

  it('restarted with NATIONAL_HOLIDAYS_FILE, each deadline that moves is updated and announced once', async () => {
    await restart({ NATIONAL_HOLIDAYS_FILE: nationalFile }, async () => (await moved()).length >= 2);
    // The make-up Saturday 01-30 is worked: the 25th working day is 02-03. Still provisional: no 2027 Tibet data.
    assert.deepEqual(await deadlines(a.id), [
      ['ACKNOWLEDGE', '2027-02-03T16:00:00.000Z', '2027-02-03', true],
    ]);
    assert.deepEqual(await deadlines(b.id), [
      ['ACKNOWLEDGE', '2027-02-03T16:00:00.000Z', '2027-02-03', true],
      ['DECIDE', '2027-01-14T16:00:00.000Z', '2027-01-14', true],
    ]);
    const events = await moved();
    assert.deepEqual(
      events
        .map((e) => [
          e.transferId,
          Deadline[e.deadline],
          e.previousDueAt,
          e.dueAt,
          e.localDate,
          e.provisional,
        ])
        .sort(),
      [
        [a.id, 'ACKNOWLEDGE', '2027-02-04T16:00:00.000Z', '2027-02-03T16:00:00.000Z', '2027-02-03', true],
        [b.id, 'ACKNOWLEDGE', '2027-02-04T16:00:00.000Z', '2027-02-03T16:00:00.000Z', '2027-02-03', true],
      ].sort(),
    );
    assert.deepEqual(events[0]!.visibleTo.includes('proc-540124'), true);
  });

  it('restarted with both files, the deadlines lose provisional and nothing is announced again', async () => {
    await restart(
      { NATIONAL_HOLIDAYS_FILE: nationalFile, REGIONAL_HOLIDAYS_FILE: regionalFile },
      async () => (await provisionalRows()) === 0,
    );
    assert.deepEqual(await deadlines(a.id), [
      ['ACKNOWLEDGE', '2027-02-03T16:00:00.000Z', '2027-02-03', false],
    ]);
    assert.deepEqual(await deadlines(b.id), [
      ['ACKNOWLEDGE', '2027-02-03T16:00:00.000Z', '2027-02-03', false],
      ['DECIDE', '2027-01-14T16:00:00.000Z', '2027-01-14', false],
    ]);
    assert.equal((await moved()).length, 2);
    assert.deepEqual(provisionalWarnings(), []);
  });

  it('TEST_CLOCK_START is refused outside NODE_ENV=test, and must be an instant', () => {
    const base = { DATABASE_URL: stack.databaseUrl, KEYCLOAK_URL: stack.idpUrl };
    assert.equal(
      loadConfig('transfers', TransfersConfig, { ...base, ...env, NODE_ENV: 'test' }).TEST_CLOCK_START,
      env.TEST_CLOCK_START,
    );
    for (const nodeEnv of ['production', 'development'])
      assert.throws(
        () => loadConfig('transfers', TransfersConfig, { ...base, ...env, NODE_ENV: nodeEnv }),
        /TEST_CLOCK_START may only be set with NODE_ENV=test/,
      );
    assert.throws(
      () =>
        loadConfig('transfers', TransfersConfig, {
          ...base,
          NODE_ENV: 'test',
          TEST_CLOCK_START: '2026-12-30',
        }),
      /TEST_CLOCK_START must be an RFC 3339 instant/,
    );
  });
});
