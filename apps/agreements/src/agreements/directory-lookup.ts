import { Inject, Injectable } from '@nestjs/common';
import { DirectoryRpc, ErrorCode } from '@yiti/contracts';
import { RpcClient, RpcError } from '@yiti/messaging';
import { AgreementErrors } from './agreements.errors.js';

/** What the agreements service asks the directory, on the caller's behalf (with the caller's token). */
@Injectable()
export class DirectoryLookup {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /**
   * Checks the parties exist and returns who may see the agreement: the parties and every superior
   * procuratorate above any of them (the city over its counties, the region over the cities).
   */
  async partiesAndSuperiors(partyCodes: readonly string[], token: string): Promise<string[]> {
    const { organizations } = await this.rpc.call(
      DirectoryRpc.getOrganizations,
      { codes: [...partyCodes] },
      { token },
    );
    const found = new Set(organizations.map((o) => o.code));
    const unknown = partyCodes.filter((c) => !found.has(c));
    if (unknown.length > 0) throw AgreementErrors.unknownParties(unknown);
    const visible = new Set(partyCodes);
    let next = organizations.map((o) => o.superiorCode).filter((c) => c && !visible.has(c));
    while (next.length > 0) {
      next.forEach((c) => visible.add(c));
      const { organizations: superiors } = await this.rpc.call(
        DirectoryRpc.getOrganizations,
        { codes: [...new Set(next)] },
        { token },
      );
      next = superiors.map((o) => o.superiorCode).filter((c) => c && !visible.has(c));
    }
    return [...visible].sort();
  }

  /** The member divisions of a basin now (a version keeps this snapshot: it is what the parties signed). */
  async basinDivisions(basinCode: string, token: string): Promise<string[]> {
    try {
      const { basin } = await this.rpc.call(DirectoryRpc.getBasin, { code: basinCode }, { token });
      return (basin?.members ?? []).map((m) => m.code);
    } catch (err) {
      if (err instanceof RpcError && err.code === ErrorCode.NOT_FOUND)
        throw AgreementErrors.unknownBasin(basinCode);
      throw err;
    }
  }
}
