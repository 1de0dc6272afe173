import DataLoader from 'dataloader';
import { DirectoryRpc, MAX_BATCH, type Division, type Organization } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';

/**
 * Per-request batching of directory lookups: however many organizations or divisions one GraphQL request
 * resolves, each kind costs one NATS request per tick (up to MAX_BATCH codes each).
 */
export class DirectoryLoaders {
  readonly organizations: DataLoader<string, Organization | null>;
  readonly divisions: DataLoader<string, Division | null>;

  constructor(rpc: RpcCaller, token: () => Promise<string>) {
    this.organizations = byCode(async (codes) => {
      const reply = await rpc.call(DirectoryRpc.getOrganizations, { codes }, { token: await token() });
      return reply.organizations;
    });
    this.divisions = byCode(async (codes) => {
      const reply = await rpc.call(DirectoryRpc.listDivisions, { codes }, { token: await token() });
      return reply.divisions;
    });
  }
}

/** A loader keyed by code over a batch call that returns the items it found (unknown codes → null). */
function byCode<T extends { code: string }>(
  fetch: (codes: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader(
    async (codes) => {
      const found = new Map((await fetch([...codes])).map((item) => [item.code, item]));
      return codes.map((c) => found.get(c) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
