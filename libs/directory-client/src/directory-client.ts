import { DirectoryRpc, ErrorCode, type Organization } from '@yiti/contracts';
import { RpcError, type RpcCaller } from '@yiti/messaging';

/** The organizations asked for, and the codes among them the directory does not know. */
export interface OrganizationsWithSuperiors {
  found: Organization[];
  unknown: string[];
  /** The organizations found and every superior procuratorate above any of them, sorted. */
  withSuperiors: string[];
}

/**
 * What services ask the directory on a caller's behalf (always with the caller's token: the directory checks
 * it again). One place for the hierarchy walk every service needs to decide who may see an object: its
 * parties and every superior procuratorate above them (the city over its counties, the region over the
 * cities).
 */
export class DirectoryClient {
  constructor(private readonly rpc: RpcCaller) {}

  async withSuperiors(codes: readonly string[], token: string): Promise<OrganizationsWithSuperiors> {
    const { organizations } = await this.rpc.call(
      DirectoryRpc.getOrganizations,
      { codes: [...codes] },
      { token },
    );
    const foundCodes = new Set(organizations.map((o) => o.code));
    const unknown = codes.filter((c) => !foundCodes.has(c));
    const visible = new Set(organizations.map((o) => o.code));
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
    return { found: organizations, unknown, withSuperiors: [...visible].sort() };
  }

  /** The procuratorate that decides between two organizations (指定管辖), or undefined if none. */
  async commonSuperior(first: string, second: string, token: string): Promise<string | undefined> {
    return this.orUndefined(async () => {
      const { organization } = await this.rpc.call(
        DirectoryRpc.getCommonSuperior,
        { firstCode: first, secondCode: second },
        { token },
      );
      return organization?.code;
    });
  }

  /** A division's current code (a legacy code such as 542223 answers 540522), or undefined if unknown. */
  async currentDivisionCode(code: string, token: string): Promise<string | undefined> {
    return this.orUndefined(async () => {
      const { division } = await this.rpc.call(DirectoryRpc.getDivision, { code }, { token });
      return division?.code;
    });
  }

  /** A basin's member division codes now, or undefined if there is no such basin. */
  async basinDivisions(basinCode: string, token: string): Promise<string[] | undefined> {
    return this.orUndefined(async () => {
      const { basin } = await this.rpc.call(DirectoryRpc.getBasin, { code: basinCode }, { token });
      return (basin?.members ?? []).map((m) => m.code);
    });
  }

  private async orUndefined<T>(call: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof RpcError && err.code === ErrorCode.NOT_FOUND) return undefined;
      throw err;
    }
  }
}
