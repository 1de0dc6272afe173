import DataLoader from 'dataloader';
import { DirectoryRpc, type Division, type Organization } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';

/**
 * Per-request batching of directory lookups: however many organizations or divisions one GraphQL request
 * resolves, each kind costs one NATS request per tick.
 */
export class DirectoryLoaders {
  readonly organizations: DataLoader<string, Organization | null>;
  readonly divisions: DataLoader<string, Division | null>;

  constructor(rpc: RpcCaller, token: () => Promise<string>) {
    this.organizations = new DataLoader(async (codes) => {
      const { organizations } = await rpc.call(
        DirectoryRpc.getOrganizations,
        { codes: [...codes] },
        { token: await token() },
      );
      const byCode = new Map(organizations.map((o) => [o.code, o]));
      return codes.map((c) => byCode.get(c) ?? null);
    });
    this.divisions = new DataLoader(async (codes) => {
      const { divisions } = await rpc.call(
        DirectoryRpc.listDivisions,
        { codes: [...codes] },
        { token: await token() },
      );
      const byCode = new Map(divisions.map((d) => [d.code, d]));
      return codes.map((c) => byCode.get(c) ?? null);
    });
  }
}
