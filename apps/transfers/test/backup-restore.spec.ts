import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  createDatabase,
  dropDatabase,
  ensureDebianPackages,
  REPO_ROOT,
  startTestStack,
  uniqueName,
  waitFor,
  type TestStack,
} from '@yiti/devstack';
import { BUS_CONSUMERS, TransfersRpc } from '@yiti/contracts';
import { EventConsumer, InboxProbe } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { RpcClient } from '@yiti/messaging';
import { lead } from './fixtures.js';

interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run db:<command> -- …args`, i.e. tools/backup.mjs, as an operator runs it. */
function tool(command: 'backup' | 'restore', args: string[]): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'tools/backup.mjs'), command, '--service', 'transfers', ...args],
      { cwd: REPO_ROOT },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The rows restored, as the tool prints them: `… schema transfers: 14 tables, 123 rows`. */
const rowsPrinted = (run: ToolRun) =>
  Number(/schema transfers: \d+ tables, (\d+) rows/.exec(run.stdout)?.[1]);

/**
 * Backup and restore of one service's schema with the real stack: transfers' schema is backed up while five
 * of its events wait in the outbox (JetStream refuses publishes meanwhile), more transfers follow, then the
 * schema is replaced by the backup while the service is stopped. The restored rows are exactly the backup's,
 * the pending events are relayed after the restart, and a downstream consumer holds every event exactly once.
 */
describe('backup and restore of the transfers schema', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let rpc: RpcClient;
  let db: DataSource;
  let probe: InboxProbe;
  let token: string;
  let scratch: string;
  const filterSubject = () => `${stack.subjectPrefix}yiti.evt.transfers.>`;

  before(async () => {
    ensureDebianPackages(['postgresql-client'], ['/usr/bin/pg_dump', '/usr/bin/pg_restore', '/usr/bin/psql']);
    scratch = mkdtempSync(join(tmpdir(), 'yiti-backup-'));
    stack = await startTestStack();
    nc = await stack.connectNats();
    jsm = await jetstreamManager(nc);
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = await new DataSource({ type: 'postgres', url: stack.databaseUrl }).initialize();
    probe = await InboxProbe.start({
      nc,
      stream: stack.eventsStream,
      filterSubject: filterSubject(),
      dataSource: db,
      schema: 'backup_consumer',
      durableName: 'transfer-backup-test',
    });
    token = await stack.login('gongga-prosecutor');
  });

  after(async () => {
    await probe?.stop();
    await db?.destroy();
    await nc?.close();
    await stack?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const send = async (label: string, count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const { transfer } = await rpc.call(
        TransfersRpc.send,
        { content: lead({ summary: `备份测试 ${label}${n}` }), idempotencyKey: `backup-${label}${n}` },
        { token },
      );
      ids.push(transfer!.id);
    }
    return ids;
  };
  const pending = async () =>
    Number(
      (await db.query(`SELECT count(*) AS n FROM transfers.outbox WHERE published_at IS NULL`))[0]
        .n as string,
    );
  const unpublishedIds = async (): Promise<string[]> =>
    (await db.query(`SELECT id FROM transfers.outbox WHERE published_at IS NULL ORDER BY id`)).map(
      (r: { id: string }) => r.id,
    );
  const outboxIds = async (): Promise<string[]> =>
    (await db.query(`SELECT id FROM transfers.outbox ORDER BY id`)).map((r: { id: string }) => r.id);
  /** Events of transfers the stream holds (each `Nats-Msg-Id` once, or the dedup failed). */
  const inStream = async () => {
    const info = await jsm.streams.info(stack.eventsStream, { subjects_filter: filterSubject() });
    return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  };
  /** Every table of the schema: row count and a digest of its rows (in a stable order). */
  const fingerprint = async (on = db): Promise<Record<string, string>> => {
    const tables: Array<{ relname: string }> = await on.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'transfers' AND c.relkind = 'r' ORDER BY c.relname`,
    );
    const result: Record<string, string> = {};
    for (const { relname } of tables) {
      const [row] = await on.query(
        `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
           FROM transfers."${relname}" t`,
      );
      result[relname] = `${row.n as string} ${row.digest as string}`;
    }
    return result;
  };
  const rows = (fp: Record<string, string>) =>
    Object.values(fp).reduce((sum, v) => sum + Number(v.split(' ')[0]), 0);

  it('restores exactly the backup, relays its pending events once, and loses only the later writes', async () => {
    const ownerUrl = stack.serviceDatabases.transfers.migrationUrl;
    const file = join(scratch, 'transfers.dump');

    // A: relayed before the backup.
    const a = await send('a', 10);
    await waitFor(async () => (await pending()) === 0, { what: 'the relay to publish A' });

    // B: committed but still in the outbox at backup time — JetStream refuses new messages (the stream is
    // "full"), so the relay keeps retrying them.
    const streamInfo = await jsm.streams.info(stack.eventsStream);
    await jsm.streams.update(stack.eventsStream, { max_msgs: streamInfo.state.messages });
    const b = await send('b', 5);
    const pendingAtBackup = await unpublishedIds();
    assert.equal(pendingAtBackup.length, 5, 'B waits in the outbox');
    const atBackup = await fingerprint();
    const backupStarted = Date.now();
    const backedUp = await tool('backup', ['--out', file, '--database-url', ownerUrl]);
    const backupMs = Date.now() - backupStarted;
    assert.equal(backedUp.code, 0, backedUp.stderr);
    assert.deepEqual(await fingerprint(), atBackup, 'nothing changed while the backup ran');
    assert.equal(rowsPrinted(backedUp), rows(atBackup), 'the backup holds every row of the schema');
    await jsm.streams.update(stack.eventsStream, { max_msgs: streamInfo.config.max_msgs });
    await waitFor(async () => (await pending()) === 0, { what: 'the relay to publish B', timeoutMs: 30_000 });

    // C: written after the backup (and relayed: the consumers saw them).
    const c = await send('c', 5);
    await waitFor(async () => (await pending()) === 0, { what: 'the relay to publish C' });
    assert.equal((await probe.eventIds(20)).length, 20);
    const outboxBeforeLoss = await outboxIds();

    // A restore refuses a live schema: not without --replace, and not while the service is connected.
    const refused = await tool('restore', ['--in', file, '--database-url', ownerUrl]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /schema transfers in database \w+ is not empty .*refusing to overwrite it.*--replace/,
    );
    const running = await tool('restore', ['--in', file, '--database-url', ownerUrl, '--replace']);
    assert.equal(running.code, 1);
    assert.match(running.stderr, /the transfers service is connected/);
    assert.deepEqual(await outboxIds(), outboxBeforeLoss, 'a refused restore changes nothing');

    // The loss: transfers stopped, its schema replaced by the backup. Its durable consumers are deleted so that
    // it replays what it consumed after the backup (its restored inbox skips what it had handled before).
    await stack.processes.transfers!.stop();
    const durable = BUS_CONSUMERS.transfersConsultationOutcomes.durableName;
    await jsm.consumers.delete(stack.eventsStream, durable);
    const restoreStarted = Date.now();
    const restored = await tool('restore', ['--in', file, '--database-url', ownerUrl, '--replace']);
    const restoreMs = Date.now() - restoreStarted;
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /outbox: 5 events marked unpublished/);
    assert.ok(
      restored.stdout.includes(`nats consumer rm YITI_EVENTS ${durable}`),
      'the tool names the consumer',
    );
    assert.deepEqual(
      await unpublishedIds(),
      pendingAtBackup,
      'the events pending at backup are pending again',
    );
    const restoredOutbox = await outboxIds();
    assert.deepEqual(await fingerprint(), atBackup, 'the restored rows are exactly the backup');
    assert.equal(rowsPrinted(restored), rows(atBackup));
    const restoredIds: Array<{ id: string }> = await db.query(`SELECT id FROM transfers.transfer`);
    assert.deepEqual(restoredIds.map((r) => r.id).sort(), [...a, ...b].sort(), 'A and B are back, C is lost');

    // The restart relays B again: JetStream drops the re-published ids, the consumer sees nothing twice.
    await stack.start('transfers');
    await waitFor(async () => (await pending()) === 0, { what: 'the relay to publish the restored B' });
    await waitFor(async () => (await jsm.consumers.info(stack.eventsStream, durable)) !== undefined, {
      what: `transfers to recreate its durable consumer ${durable}`,
    });
    const d = await send('d', 2);
    await waitFor(async () => (await pending()) === 0, { what: 'the relay to publish D' });
    const inbox = await probe.eventIds(22);
    assert.equal(inbox.length, 22, 'A, B, C and D reached the consumer');
    assert.equal(new Set(inbox).size, 22);
    assert.equal(await inStream(), 22, 'the stream holds each event once');
    assert.equal(probe.consumer.stats.handled, 22, 'each event handled once');
    assert.equal(probe.consumer.stats.duplicates, 0);
    for (const id of pendingAtBackup)
      assert.ok(inbox.includes(id), `pending event ${id} reached the consumer`);
    // The lost writes' events stay in the stream and in the consumers' effects: the restored outbox lacks them.
    const outboxNow = await outboxIds();
    assert.equal(outboxNow.length, restoredOutbox.length + d.length);
    const orphans = inbox.filter((id) => !outboxNow.includes(id));
    assert.equal(orphans.length, c.length, "C's events, whose transfers the restore removed");

    // A restored consumer replays: its durable consumer deleted, it starts over from the stream's beginning on
    // its inbox. Here the inbox is made to look restored from the backup (it lacks C's events, handled after
    // it): those 5 are handled again, once each; the 17 it holds are dropped by the inbox, as a re-publish past
    // JetStream's 2-minute duplicate window would be.
    await probe.stop();
    await jsm.consumers.delete(stack.eventsStream, 'transfer-backup-test');
    await db.query(`DELETE FROM backup_consumer.inbox WHERE event_id = ANY($1)`, [orphans]);
    const replayed: string[] = [];
    const replay = new EventConsumer({
      nc,
      stream: stack.eventsStream,
      durableName: 'transfer-backup-test',
      filterSubject: filterSubject(),
      dataSource: db,
      schema: 'backup_consumer',
      logger: new JsonLogger('transfer-backup-test', 'error', () => undefined),
      handle: async (event) => void replayed.push(event.id),
    });
    await replay.start();
    try {
      await waitFor(async () => replay.stats.handled + replay.stats.duplicates === 22, {
        what: 'the replay of 22 events',
      });
      assert.deepEqual(
        replayed.sort(),
        [...orphans].sort(),
        'only the events missing from the inbox, once each',
      );
      assert.equal(replay.stats.duplicates, 22 - orphans.length);
    } finally {
      await replay.stop();
    }

    // The same file into an empty database (a new cluster, or a second database to look at): no --replace.
    const fresh = uniqueName('yiti_restore');
    const freshUrl = await createDatabase(stack.adminUrl, fresh);
    let freshDb: DataSource | undefined;
    try {
      const intoEmpty = await tool('restore', ['--in', file, '--database-url', freshUrl]);
      assert.equal(intoEmpty.code, 0, intoEmpty.stderr);
      assert.match(intoEmpty.stdout, /restored \(into an empty schema/);
      freshDb = await new DataSource({ type: 'postgres', url: freshUrl }).initialize();
      assert.deepEqual(await fingerprint(freshDb), atBackup, 'the same rows in the new database');
    } finally {
      await freshDb?.destroy();
      await dropDatabase(stack.adminUrl, fresh);
    }

    const resent = await rpc.call(
      TransfersRpc.send,
      { content: lead({ summary: `备份测试 c0` }), idempotencyKey: 'backup-c0' },
      { token },
    );
    assert.notEqual(resent.transfer!.id, c[0], 'a lost write re-sent with its key is made again');
    console.log(
      `backup/restore of schema transfers: ${rows(atBackup)} rows backed up in ${backupMs} ms and restored in ` +
        `${restoreMs} ms (exactly the backup: ${Object.keys(atBackup).length} tables compared); 5 events ` +
        `pending at backup replayed after the restart, ${d.length} new; consumer: 22 events each once, ` +
        `duplicates 0; a full replay on an inbox without C handled ${replayed.length} and dropped ` +
        `${replay.stats.duplicates}; lost: ${c.length} transfers written after ` +
        `the backup, whose ${orphans.length} events had reached the consumer`,
    );
  });
});
