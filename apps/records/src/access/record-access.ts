import { Inject, Injectable } from '@nestjs/common';
import { AgreementsRpc, AgreementStatus, type Agreement } from '@yiti/contracts';
import { DirectoryClient } from '@yiti/directory-client';
import { hasAnyRole, type Principal, type Role } from '@yiti/auth';
import { RpcClient } from '@yiti/messaging';
import { RecordsConfig } from '../records.config.js';

/** Who may look records up at all: prosecutors (docs/architecture.md, "Who may see what"). */
export const LOOKUP_ROLES: readonly Role[] = ['prosecutor', 'chief-prosecutor'];

/** The facts access is decided on, as the directory and the agreements service give them. */
export interface AccessFacts {
  /** Every active procuratorate → its superior procuratorate ('' for the top). */
  readonly superiorOf: ReadonlyMap<string, string>;
  /** The parties of each pact in force whose in-force version shares record lookup. */
  readonly sharingPacts: readonly (readonly string[])[];
}

/**
 * The holder organizations whose records `org` may read — the whole rule, in one place:
 * - its own records;
 * - the records of every procuratorate below it (the city over its counties, the region over everything);
 * - the records of the other parties of a pact in force that shares record lookup, which `org` is a party to.
 * Nothing else: not a sibling county, not a pact party's subordinates, not a superior's records.
 * An organization that is not an active procuratorate may read nothing.
 */
export function readableHolders(org: string, facts: AccessFacts): Set<string> {
  const readable = new Set<string>();
  if (!facts.superiorOf.has(org)) return readable;
  readable.add(org);
  for (const code of facts.superiorOf.keys()) {
    const seen = new Set<string>();
    for (let up = facts.superiorOf.get(code); up && !seen.has(up); up = facts.superiorOf.get(up)) {
      seen.add(up);
      if (up === org) {
        readable.add(code);
        break;
      }
    }
  }
  for (const parties of facts.sharingPacts) {
    if (parties.includes(org)) parties.forEach((p) => readable.add(p));
  }
  return readable;
}

/** Whether a pact is in force with its in-force version sharing record lookup. */
export function sharesRecordLookup(agreement: Agreement): boolean {
  if (agreement.status !== AgreementStatus.IN_FORCE || agreement.inForceVersion === 0) return false;
  const version = agreement.versions.find((v) => v.number === agreement.inForceVersion);
  return version?.content?.settings?.shareRecordsLookup === true;
}

export type LookupAccess =
  { allowed: true; holders: ReadonlySet<string> } | { allowed: false; reason: string; message: string };

/**
 * Decides, per caller, whether they may look up and whose records: asks the directory (the hierarchy) and the
 * agreements service (the caller's pacts in force) with the caller's token, and keeps the answer for
 * RECORDS_ACCESS_CACHE_SECONDS.
 */
@Injectable()
export class RecordAccess {
  private readonly directory: DirectoryClient;
  private readonly cache = new Map<string, { holders: ReadonlySet<string>; until: number }>();

  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(RecordsConfig) private readonly config: RecordsConfig,
  ) {
    // No cache of its own: the holders derived from it are cached here, for RECORDS_ACCESS_CACHE_SECONDS in all.
    this.directory = new DirectoryClient(rpc, 0);
  }

  async forCaller(principal: Principal, token: string): Promise<LookupAccess> {
    if (!hasAnyRole(principal, LOOKUP_ROLES)) {
      return {
        allowed: false,
        reason: 'role',
        message: `Offender records are looked up by prosecutors (roles: ${LOOKUP_ROLES.join(', ')}).`,
      };
    }
    const holders = await this.holdersFor(principal.org, token);
    if (holders.size === 0) {
      return {
        allowed: false,
        reason: 'organization',
        message: `Offender records are looked up by procuratorates; "${principal.org}" is not an active one.`,
      };
    }
    return { allowed: true, holders };
  }

  private async holdersFor(org: string, token: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(org);
    if (cached && cached.until > Date.now()) return cached.holders;
    const procuratorates = await this.directory.procuratorates(token);
    const superiorOf = new Map(procuratorates.map((o) => [o.code, o.superiorCode]));
    let sharingPacts: string[][] = [];
    if (superiorOf.has(org)) {
      const { agreements } = await this.rpc.call(
        AgreementsRpc.list,
        { partyCode: org, status: AgreementStatus.IN_FORCE },
        { token },
      );
      sharingPacts = agreements.filter(sharesRecordLookup).map((a) => a.partyCodes);
    }
    const holders = readableHolders(org, { superiorOf, sharingPacts });
    const seconds = this.config.RECORDS_ACCESS_CACHE_SECONDS;
    if (seconds > 0) {
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(org, { holders, until: Date.now() + seconds * 1000 });
    }
    return holders;
  }
}
