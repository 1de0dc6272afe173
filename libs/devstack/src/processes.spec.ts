import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startProcess, stopAll } from './processes.js';
import { sleep } from './wait.js';

const READY = `console.log(JSON.stringify({ level: 'info', msg: 'ready', url: 'http://127.0.0.1:1234', port: 1234 }));`;
const STAY = 'setInterval(() => {}, 1000);';

/** Alive and not a zombie (an orphan's zombie lingers until init reaps it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('startProcess', () => {
  it('resolves on the JSON ready line and exposes its fields', async () => {
    const proc = await startProcess({
      name: 'ready-child',
      args: ['-e', `console.log('booting'); console.log('{not json'); ${READY} ${STAY}`],
      env: {},
    });
    assert.equal(proc.name, 'ready-child');
    assert.equal(proc.readyLine['url'], 'http://127.0.0.1:1234');
    assert.equal(proc.readyLine['port'], 1234);
    assert.ok(isRunning(proc.pid));
    assert.deepEqual(proc.lines().slice(0, 2), ['booting', '{not json']);
    const code = await proc.stop();
    assert.equal(code, null); // ended by SIGTERM
    assert.equal(isRunning(proc.pid), false);
  });

  it('passes exactly the given environment and cwd', async () => {
    const proc = await startProcess({
      name: 'env-child',
      args: [
        '-e',
        `console.log(JSON.stringify({ msg: 'ready', foo: process.env.FOO, n: Object.keys(process.env).length, cwd: process.cwd() })); ${STAY}`,
      ],
      env: { FOO: 'bar' },
      cwd: '/tmp',
    });
    assert.equal(proc.readyLine['foo'], 'bar');
    assert.equal(proc.readyLine['cwd'], '/tmp');
    await proc.stop();
  });

  it('rejects with the output (stdout and stderr) when the child exits before ready', async () => {
    await assert.rejects(
      startProcess({
        name: 'crasher',
        args: [
          '-e',
          `console.log('starting up'); console.error('boom: missing DATABASE_URL'); process.exit(3);`,
        ],
        env: {},
      }),
      (err: Error) => {
        assert.match(err.message, /'crasher' exited before it was ready \(exit code 3\)/);
        assert.match(err.message, /starting up/);
        assert.match(err.message, /boom: missing DATABASE_URL/);
        return true;
      },
    );
  });

  it('rejects and kills the child when it is not ready in time', async () => {
    let pid = 0;
    await assert.rejects(
      startProcess({
        name: 'sleeper',
        args: ['-e', `console.log('pid=' + process.pid); ${STAY}`],
        env: {},
        readyTimeoutMs: 500,
      }),
      (err: Error) => {
        assert.match(err.message, /'sleeper' did not print a \{"msg":"ready"\} line within 500 ms/);
        pid = Number(/pid=(\d+)/.exec(err.message)?.[1]);
        return true;
      },
    );
    assert.ok(pid > 0);
    assert.equal(isRunning(pid), false);
  });

  it('rejects clearly when the command does not exist', async () => {
    await assert.rejects(
      startProcess({ name: 'ghost', command: '/nonexistent/binary', args: [], env: {} }),
      /'ghost' could not be started/,
    );
  });

  it('stop() SIGKILLs a child that ignores SIGTERM after the grace period', async () => {
    const proc = await startProcess({
      name: 'stubborn',
      args: ['-e', `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); ${READY} ${STAY}`],
      env: {},
      stopGraceMs: 1000,
    });
    const t0 = Date.now();
    const code = await proc.stop();
    const elapsed = Date.now() - t0;
    assert.equal(code, null);
    assert.ok(elapsed >= 900 && elapsed < 4000, `stopped after ${elapsed} ms`);
    assert.ok(proc.lines().includes('ignoring SIGTERM'));
    assert.equal(isRunning(proc.pid), false);
  });

  it('kill9() kills immediately and `exited` resolves', async () => {
    const proc = await startProcess({
      name: 'victim',
      args: ['-e', `process.on('SIGTERM', () => {}); ${READY} ${STAY}`],
      env: {},
    });
    const t0 = Date.now();
    await proc.kill9();
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(await proc.exited, null);
    assert.equal(isRunning(proc.pid), false);
  });

  it('exposes the exit code of a child that exits by itself', async () => {
    const proc = await startProcess({
      name: 'short-lived',
      args: ['-e', `${READY} setTimeout(() => process.exit(7), 100);`],
      env: {},
    });
    assert.equal(await proc.exited, 7);
    assert.equal(await proc.stop(), 7);
  });

  it('stopAll() stops every live child in reverse start order', async () => {
    const script = (name: string) =>
      `process.on('SIGTERM', () => { console.log('${name} stopping at ' + Date.now()); process.exit(0); }); ${READY} ${STAY}`;
    const first = await startProcess({ name: 'first', args: ['-e', script('first')], env: {} });
    const second = await startProcess({ name: 'second', args: ['-e', script('second')], env: {} });
    await stopAll();
    assert.equal(await first.exited, 0);
    assert.equal(await second.exited, 0);
    const at = (p: typeof first) => Number(/stopping at (\d+)/.exec(p.lines().join('\n'))?.[1]);
    assert.ok(at(second) <= at(first), 'second stopped before first');
  });

  it('kills the remaining children when the parent process exits', async () => {
    const script = `
      const { startProcess } = await import(${JSON.stringify(new URL('./processes.js', import.meta.url).href)});
      const child = await startProcess({ name: 'grandchild', args: ['-e', ${JSON.stringify(`process.on('SIGTERM', () => {}); ${READY} ${STAY}`)}], env: {} });
      console.log(JSON.stringify({ msg: 'ready', childPid: child.pid }));
      setTimeout(() => process.exit(0), 100);`;
    const parent = await startProcess({
      name: 'parent',
      args: ['--input-type=module', '-e', script],
      env: {},
    });
    const childPid = Number(parent.readyLine['childPid']);
    assert.ok(childPid > 0);
    assert.equal(await parent.exited, 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(isRunning(childPid), false);
  });
});

describe('installShutdownHandlers', () => {
  // A process whose shutdown takes 2 s; it prints its exit code.
  const shuttingDown = () =>
    startProcess({
      name: 'shutting-down',
      args: [
        '--input-type=module',
        '-e',
        `const { installShutdownHandlers } = await import(${JSON.stringify(new URL('./processes.js', import.meta.url).href)});
        installShutdownHandlers(() => new Promise((r) => setTimeout(r, 2000)), { log: console.log });
        ${READY} ${STAY}`,
      ],
      env: {},
    });

  it('takes the same signal again within 1 s for the same Ctrl-C (npm forwards the terminal’s copy)', async () => {
    const proc = await shuttingDown();
    process.kill(proc.pid, 'SIGINT');
    await sleep(100);
    process.kill(proc.pid, 'SIGINT');
    assert.equal(await proc.exited, 0);
    assert.ok(!proc.lines().some((l) => l.includes('exiting immediately')), proc.lines().join('\n'));
  });

  it('exits at once on a signal repeated later, or on a different one', async () => {
    const later = await shuttingDown();
    process.kill(later.pid, 'SIGINT');
    await sleep(1200);
    process.kill(later.pid, 'SIGINT');
    assert.equal(await later.exited, 130);

    const other = await shuttingDown();
    process.kill(other.pid, 'SIGINT');
    await sleep(100);
    process.kill(other.pid, 'SIGTERM');
    assert.equal(await other.exited, 130);
  });
});
