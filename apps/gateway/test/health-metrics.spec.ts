import assert from 'node:assert/strict';
import { connect as connectTcp } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { pingRpc, PingRequestSchema, PingResponseSchema } from '@yiti/contracts';
import { startTestStack, type StackApp, type TestStack } from '@yiti/devstack';

const SERVICES = ['directory', 'agreements', 'transfers', 'meetings', 'records'] as const;
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connectTcp({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

/** The gateway's public health endpoints and its private metrics listener, and what the services' pings say. */
describe('gateway health and metrics', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let metricsPort: number;
  let privateReadyUrl: string;

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    metricsPort = Number(new URL(stack.metricsUrl).port);
    privateReadyUrl = stack.metricsUrl.replace(/\/metrics$/, '/health/ready');
    const token = await stack.login('gongga-prosecutor');
    const r = await stack.graphql('{ organizations(filter: { divisionCode: "540522" }) { code } }', {
      token,
    });
    assert.equal(r.errors, undefined);
  });

  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('answers 404 for /metrics on the public port and serves the metrics on the private listener', async () => {
    const onPublic = await fetch(`${stack.gatewayUrl}/metrics`);
    assert.equal(onPublic.status, 404);
    assert.doesNotMatch(await onPublic.text(), /yiti_|process_/);

    const res = await fetch(stack.metricsUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const metrics = await res.text();
    assert.match(
      metrics,
      /yiti_rpc_client_duration_seconds_count\{subject="yiti\.directory\.[a-z.-]+v1",outcome="ok"\} \d+/,
    );
    assert.match(metrics, /yiti_graphql_operations_total\{type="query",outcome="ok"\} \d+/);
    assert.match(metrics, /process_cpu_seconds_total/);
    assert.equal((await fetch(stack.metricsUrl.replace(/metrics$/, 'other'))).status, 404);
    assert.equal((await fetch(stack.metricsUrl, { method: 'POST' })).status, 405);
  });

  it('answers liveness and readiness on the public port with a status and nothing internal', async () => {
    const live = await fetch(`${stack.gatewayUrl}/health/live`);
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: 'ok' });
    const ready = await fetch(`${stack.gatewayUrl}/health/ready`);
    assert.equal(ready.status, 200);
    const text = await ready.text();
    assert.deepEqual(JSON.parse(text), { status: 'ok' });
    for (const internal of [hostname(), 'nats', 'directory', String(stack.processes.gateway!.pid)]) {
      assert.ok(!text.includes(internal), `the public readiness names ${internal}`);
    }

    // Which check passed is for operators: on the private listener.
    const detail = await fetch(privateReadyUrl);
    assert.equal(detail.status, 200);
    assert.deepEqual(await detail.json(), {
      status: 'ok',
      checks: {
        nats: 'ok',
        notifications: 'ok',
        directory: 'ok',
        agreements: 'ok',
        transfers: 'ok',
        meetings: 'ok',
        records: 'ok',
      },
    });
  });

  it('binds the metrics listener to 127.0.0.1 only', async () => {
    assert.equal(stack.processes.gateway!.readyLine['metrics'], stack.metricsUrl);
    assert.ok(await accepts('127.0.0.1', metricsPort), 'reachable on 127.0.0.1');
    // Another loopback address reaches a socket bound to 0.0.0.0 or 127.0.0.0/8, never one bound to 127.0.0.1.
    assert.equal(await accepts('127.0.0.2', metricsPort), false, 'refused on 127.0.0.2');
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address);
    for (const address of external) {
      assert.equal(await accepts(address, metricsPort), false, `refused on ${address}`);
    }
  });

  it("answers every service's ping with its name only: no host, no pid", async () => {
    for (const service of SERVICES) {
      const reply = await nc.request(
        stack.subjectPrefix + pingRpc(service).subject,
        toBinary(PingRequestSchema, create(PingRequestSchema)),
        { timeout: 2000 },
      );
      assert.deepEqual(
        Buffer.from(reply.data),
        Buffer.from(toBinary(PingResponseSchema, create(PingResponseSchema, { service }))),
        `${service} answers its name and nothing else`,
      );
      const text = Buffer.from(reply.data).toString('latin1');
      assert.ok(!text.includes(hostname()), `${service}'s ping names the host`);
      assert.ok(
        !text.includes(String(stack.processes[service as StackApp]!.pid)),
        `${service}'s ping names its pid`,
      );
    }
  });

  describe('with METRICS_TOKEN', () => {
    before(async () => {
      await stack.start('gateway', { METRICS_TOKEN });
    });

    after(async () => {
      await stack.start('gateway');
    });

    it('wants the bearer token on the metrics listener (401 without or with a wrong one), not on the probes', async () => {
      for (const url of [stack.metricsUrl, privateReadyUrl]) {
        const none = await fetch(url);
        assert.equal(none.status, 401, url);
        assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="metrics"');
        assert.doesNotMatch(await none.text(), /yiti_|checks/);
        for (const authorization of [
          `Bearer ${METRICS_TOKEN}x`,
          `Bearer ${METRICS_TOKEN.slice(1)}`,
          METRICS_TOKEN,
        ]) {
          assert.equal((await fetch(url, { headers: { authorization } })).status, 401, authorization);
        }
      }
      const ok = await fetch(stack.metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(ok.status, 200);
      assert.match(await ok.text(), /yiti_graphql_operations_total/);
      const detail = await fetch(privateReadyUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(detail.status, 200);
      assert.equal((await fetch(`${stack.gatewayUrl}/health/ready`)).status, 200, 'probes need no token');
    });
  });
});
