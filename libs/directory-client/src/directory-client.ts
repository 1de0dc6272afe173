import {
  DirectoryRpc,
  ErrorCode,
  OrganizationKind,
  type BusinessLine,
  type Organization,
} from '@yiti/contracts';
import { RpcError, type RpcCaller } from '@yiti/messaging';
import { codeViolations, type CodeCheck } from '@yiti/reference';

/**
 * How long the code lists are reused at least: they change only with a directory migration (a release), so
 * even a service that asks the directory afresh about organizations need not ask for them on every request.
 */
export const CODE_LIST_CACHE_SECONDS = 60;

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
  private readonly cache = new Map<string, { value: unknown; until: number }>();

  /**
   * @param cacheSeconds how long answers are reused (0 = ask every time). Organizations, the hierarchy and
   *   divisions change rarely and by an administrator; a service on a hot path may accept that a change
   *   reaches it this much later.
   */
  constructor(
    private readonly rpc: RpcCaller,
    private readonly cacheSeconds = 0,
  ) {}

  async withSuperiors(codes: readonly string[], token: string): Promise<OrganizationsWithSuperiors> {
    const organizations = await this.organizations(codes, token);
    const foundCodes = new Set(organizations.map((o) => o.code));
    const unknown = codes.filter((c) => !foundCodes.has(c));
    const visible = new Set(organizations.map((o) => o.code));
    let next = organizations.map((o) => o.superiorCode).filter((c) => c && !visible.has(c));
    while (next.length > 0) {
      next.forEach((c) => visible.add(c));
      const superiors = await this.organizations([...new Set(next)], token);
      next = superiors.map((o) => o.superiorCode).filter((c) => c && !visible.has(c));
    }
    return { found: organizations, unknown, withSuperiors: [...visible].sort() };
  }

  /**
   * The procuratorate that decides between two organizations (指定管辖), or undefined if none — also when one
   * is not a procuratorate (a court, a supervision commission: the code `<kind>-<division>` says so), which has
   * no place in the procuratorate hierarchy.
   */
  async commonSuperior(first: string, second: string, token: string): Promise<string | undefined> {
    if (!first.startsWith('proc-') || !second.startsWith('proc-')) return undefined;
    return this.cached(`common:${[first, second].sort().join(',')}`, () =>
      this.orUndefined(async () => {
        const { organization } = await this.rpc.call(
          DirectoryRpc.getCommonSuperior,
          { firstCode: first, secondCode: second },
          { token },
        );
        return organization?.code;
      }),
    );
  }

  /** A division's current code (a legacy code such as 542223 answers 540522), or undefined if unknown. */
  async currentDivisionCode(code: string, token: string): Promise<string | undefined> {
    return this.cached(`division:${code}`, () =>
      this.orUndefined(async () => {
        const { division } = await this.rpc.call(DirectoryRpc.getDivision, { code }, { token });
        return division?.code;
      }),
    );
  }

  /** The organizations among `codes` that exist (one batch request for those not cached). */
  private async organizations(codes: readonly string[], token: string): Promise<Organization[]> {
    const ask = async (asked: string[]) =>
      (await this.rpc.call(DirectoryRpc.getOrganizations, { codes: asked }, { token })).organizations;
    if (this.cacheSeconds === 0) return ask([...codes]);
    const key = (code: string) => `organization:${code}`;
    const missing = codes.filter((c) => !this.fresh(key(c)));
    if (missing.length > 0) {
      const found = new Map((await ask(missing)).map((o) => [o.code, o]));
      for (const code of missing) this.remember(key(code), found.get(code) ?? null);
    }
    return codes
      .map((c) => this.cache.get(key(c))?.value as Organization | null | undefined)
      .filter((o): o is Organization => !!o);
  }

  private fresh(key: string): boolean {
    const entry = this.cache.get(key);
    return entry !== undefined && entry.until > Date.now();
  }

  private remember(key: string, value: unknown): void {
    this.cache.set(key, { value, until: Date.now() + this.cacheSeconds * 1000 });
    if (this.cache.size > 10_000) this.cache.clear();
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.cacheSeconds > 0 && this.fresh(key)) return this.cache.get(key)!.value as T;
    const value = await load();
    if (this.cacheSeconds > 0) this.remember(key, value);
    return value;
  }

  /** Every active procuratorate with its superior (the whole hierarchy: a few dozen organizations). */
  async procuratorates(token: string): Promise<Organization[]> {
    return this.cached('procuratorates', async () => {
      const { organizations } = await this.rpc.call(
        DirectoryRpc.listOrganizations,
        { kind: OrganizationKind.PROCURATORATE },
        { token },
      );
      return organizations.filter((o) => o.active);
    });
  }

  /** The business lines with their case categories, as the directory has them. */
  async businessLines(token: string): Promise<BusinessLine[]> {
    const key = 'business-lines';
    const entry = this.cache.get(key);
    if (entry && entry.until > Date.now()) return entry.value as BusinessLine[];
    const { businessLines } = await this.rpc.call(DirectoryRpc.listBusinessLines, {}, { token });
    this.cache.set(key, {
      value: businessLines,
      until: Date.now() + Math.max(this.cacheSeconds, CODE_LIST_CACHE_SECONDS) * 1000,
    });
    return businessLines;
  }

  /**
   * Refuses unknown business lines and categories with BAD_USER_INPUT: each violation names its field and the
   * valid codes (a category must be one of the named business lines', or of any line when none is named).
   */
  async checkCodes(checks: readonly CodeCheck[], token: string): Promise<void> {
    if (checks.length === 0) return;
    const lines = (await this.businessLines(token)).map((l) => ({
      code: l.code,
      categories: l.categories.map((c) => c.code),
    }));
    const violations = codeViolations(lines, checks);
    if (violations.length > 0)
      throw RpcError.badInput(
        `Invalid input: ${violations.map((v) => `${v.field} ${v.message}`).join('; ')}.`,
        violations,
      );
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
