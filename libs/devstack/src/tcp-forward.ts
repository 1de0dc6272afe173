import { createServer, connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface TcpForward {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Forwards every TCP connection made to `listenHost:listenPort` (0 = a free port) to `target`: how a test gives a
 * process in another network namespace a way to a server that listens on loopback only (PostgreSQL, the
 * identity provider). close() stops listening and cuts the connections it carries.
 */
export async function forwardTcp(opts: {
  listenHost: string;
  listenPort?: number;
  targetHost: string;
  targetPort: number;
}): Promise<TcpForward> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(opts.targetPort, opts.targetHost);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => (s === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort ?? 0, opts.listenHost, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: opts.listenHost,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// `node tcp-forward.js <listenHost> <listenPort> <targetHost> <targetPort>`: the same as a process (started in
// a network namespace with `ip netns exec`), ready once it listens; SIGTERM ends it.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [listenHost, listenPort, targetHost, targetPort] = process.argv.slice(2);
  if (!listenHost || !listenPort || !targetHost || !targetPort) {
    console.error('usage: tcp-forward <listenHost> <listenPort> <targetHost> <targetPort>');
    process.exit(2);
  }
  const forward = await forwardTcp({
    listenHost,
    listenPort: Number(listenPort),
    targetHost,
    targetPort: Number(targetPort),
  });
  console.log(JSON.stringify({ msg: 'ready', port: forward.port }));
  process.once('SIGTERM', () => void forward.close().then(() => process.exit(0)));
}
