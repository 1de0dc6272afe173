import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { findExecutable, isRootOnDebian, runStreaming } from './system.js';

/** One point-to-point link between the host and the namespace: a veth pair with a /30 between them. */
export interface NetnsLink {
  /** The address of the host's end. */
  readonly host: string;
  /** The address of the namespace's end. */
  readonly inside: string;
  /** The host's end of the pair. */
  readonly hostDevice: string;
}

/**
 * A county office for a test: a network namespace joined to the host (the city) by two links — the county's
 * WAN link to the city, which the test cuts and heals, and the county's LAN, which stays up (the county's own
 * database server and its users are on it).
 */
export interface CountyNetns {
  readonly name: string;
  readonly wan: NetnsLink;
  readonly lan: NetnsLink;
  /** The command prefix that runs a program inside the namespace (`ip netns exec <name>`). */
  readonly prefix: string[];
  /** Cuts the WAN link: both ends lose carrier; open connections hear nothing, new ones are unreachable. */
  cut(): void;
  /** Brings the WAN link back. */
  heal(): void;
  /** Deletes the links and the namespace. */
  remove(): void;
}

/** Why this machine cannot make network namespaces for a test (undefined when it can). */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'making network namespaces needs root';
  if (!findExecutable('ip', ['/usr/sbin/ip', '/usr/bin/ip', '/sbin/ip', '/bin/ip']) && !isRootOnDebian()) {
    return 'the ip command (iproute2) is not installed';
  }
  return undefined;
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Makes the county namespace with its two links (installing iproute2 on Debian when it is missing). */
export async function createCountyNetns(log: (m: string) => void = () => undefined): Promise<CountyNetns> {
  if (!findExecutable('ip', ['/usr/sbin/ip', '/usr/bin/ip', '/sbin/ip', '/bin/ip'])) {
    await runStreaming('apt-get', ['install', '-y', 'iproute2'], log, { DEBIAN_FRONTEND: 'noninteractive' });
  }
  const tag = randomBytes(3).toString('hex');
  const name = `yiti-county-${tag}`;
  // 10.<200–249>.<0–255>.0/29 for this run: the WAN is .0/30, the LAN .4/30.
  const [a, b] = [...randomBytes(2)] as [number, number];
  const net = `10.${200 + (a % 50)}.${b}`;
  const links: Array<NetnsLink & { insideDevice: string }> = [];
  const remove = (): void => {
    for (const link of links) {
      try {
        ip('link', 'del', link.hostDevice);
      } catch {
        // already gone with the namespace
      }
    }
    try {
      ip('netns', 'del', name);
    } catch {
      // never made
    }
  };
  try {
    ip('netns', 'add', name);
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
    for (const [kind, base] of [
      ['w', 0],
      ['l', 4],
    ] as const) {
      const link = {
        host: `${net}.${base + 1}`,
        inside: `${net}.${base + 2}`,
        hostDevice: `yt${kind}${tag}h`,
        insideDevice: `yt${kind}${tag}c`,
      };
      ip('link', 'add', link.hostDevice, 'type', 'veth', 'peer', 'name', link.insideDevice);
      links.push(link);
      ip('link', 'set', link.insideDevice, 'netns', name);
      ip('addr', 'add', `${link.host}/30`, 'dev', link.hostDevice);
      ip('link', 'set', link.hostDevice, 'up');
      ip('netns', 'exec', name, 'ip', 'addr', 'add', `${link.inside}/30`, 'dev', link.insideDevice);
      ip('netns', 'exec', name, 'ip', 'link', 'set', link.insideDevice, 'up');
    }
  } catch (err) {
    remove();
    throw err;
  }
  const [wan, lan] = [links[0]!, links[1]!];
  log(`county namespace ${name}: WAN ${wan.host} ↔ ${wan.inside}, LAN ${lan.host} ↔ ${lan.inside}`);
  return {
    name,
    wan,
    lan,
    prefix: ['ip', 'netns', 'exec', name],
    cut: () => ip('link', 'set', wan.hostDevice, 'down'),
    heal: () => ip('link', 'set', wan.hostDevice, 'up'),
    remove,
  };
}
