import { Inject, Injectable } from '@nestjs/common';
import {
  LookupKind,
  Sex,
  type GetPersonDetailRequest,
  type LookupByCitizenIdRequest,
  type PersonDetail,
  type PersonSummary,
  type Purpose,
  type SearchByNameRequest,
} from '@yiti/contracts';
import { isCalendarDate, shanghaiDate } from '@yiti/calendar';
import { DirectoryClient } from '@yiti/directory-client';
import { RecordReason, UUID } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import {
  controlCharacterError,
  controlCharacterViolations,
  RpcClient,
  RpcError,
  type RpcCall,
  type Violation,
} from '@yiti/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { RecordAccess } from '../access/record-access.js';
import type { AuditJson, AuditRecord } from '../audit/audit-chain.js';
import { auditCaller } from '../audit/audit-caller.js';
import { AuditWriter } from '../audit/audit-writer.js';
import { parseCitizenId } from '../identity/citizen-id.js';
import { MAX_NAME_LENGTH, nameKeys } from '../names/name-keys.js';
import { RecordsConfig } from '../records.config.js';
import { RecordLookupEvents } from './lookup-events.js';
import { RecordErrors } from './records.errors.js';
import { toDetail, toSummary } from './records.mapper.js';
import { checkPurpose, statedPurpose, type CheckedPurpose } from './purposes.js';
import { searchNames } from './name-search.js';
import {
  personByCitizenId,
  personDetail,
  personExists,
  personsByIds,
  type NameFilters,
} from './record-queries.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;

/** The typo filter of the name search, here too for the benchmark (tools/bench/records.mjs). */
export { typoLength } from './name-search.js';

/** Plausible GB/T 2260 province prefixes: an ID from any province is valid, not only Tibet's. */
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  ),
);
const plausibleAddress = (code: string): boolean => PROVINCES.has(code.slice(0, 2));

type Outcome =
  | 'ok'
  | 'no-match'
  | 'not-found'
  | 'denied:role'
  | 'denied:organization'
  | 'denied:holder'
  | 'rejected:purpose'
  | 'rejected:input'
  | 'rate-limited';

/** What a lookup answers (the RPC replies, as plain objects). */
export type LookupAnswer = { persons: PersonSummary[]; auditId: string; more: boolean };
export type DetailAnswer = { person?: PersonDetail; auditId: string };

/** What one lookup is about, for its audit entry. */
interface Request {
  readonly call: RpcCall;
  /** The request message as received, checked for U+0000 (the RPC server leaves that to the lookups). */
  readonly message: unknown;
  readonly kind: LookupKind;
  readonly terms: { [key: string]: AuditJson };
  readonly purpose: Purpose | undefined;
}

/** The part of a lookup that runs inside the audited transaction. */
interface Answer<T> {
  readonly result: T;
  /** Persons returned, with their holder organizations (notified unless they are the caller's own). */
  readonly returned: ReadonlyArray<{ id: string; holder: string }>;
  readonly outcome: 'ok' | 'no-match' | 'not-found' | 'denied:holder';
  /** Refuse after auditing (NOT_FOUND for a detail view of a person the caller may not see). */
  readonly refuse?: RpcError;
}

/**
 * Offender-record lookups. Every request that reaches here leaves exactly one audit entry, written before
 * anything is answered (docs/architecture.md, "Who may see what"):
 *
 * 1. who: a prosecutor of an active procuratorate (else FORBIDDEN, audited as `denied`);
 * 2. why: a purpose code, a case number and a justification (else BAD_USER_INPUT, audited) — and no U+0000 in
 *    any text of the request (else BAD_USER_INPUT TEXT_CONTROL_CHARACTER, audited, the text as U+FFFD);
 * 3. what: a valid ID, name, filters (else BAD_USER_INPUT, audited);
 * 4. the query, over the holders the caller may read only (access/record-access.ts);
 * 5. the audit entry, by the AuditWriter (audit/audit-writer.ts): under the audit chain's lock the per-user rate
 *    limit (over it: RATE_LIMITED, audited, results dropped), the entry and the holders' notifications, committed
 *    together, in a group with the other lookups of that moment;
 * 6. only after that COMMIT are results returned. If the audit write or the commit fails, the lookup fails with
 *    SERVICE_UNAVAILABLE and returns nothing. Refusals in 1-3 go through the same writer before the error.
 */
@Injectable()
export class LookupsService {
  private readonly directory: DirectoryClient;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RecordAccess) private readonly access: RecordAccess,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(RecordLookupEvents) private readonly events: RecordLookupEvents,
    @Inject(RecordsConfig) config: RecordsConfig,
    @Inject(RpcClient) rpc: RpcClient,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.directory = new DirectoryClient(rpc, config.RECORDS_ACCESS_CACHE_SECONDS);
  }

  async byCitizenId(request: LookupByCitizenIdRequest, call: RpcCall): Promise<LookupAnswer> {
    const citizenId = request.citizenId.trim().toUpperCase();
    const req: Request = {
      call,
      message: request,
      kind: LookupKind.CITIZEN_ID,
      terms: { kind: 'citizen-id', citizenId: citizenId.slice(0, 40) },
      purpose: request.purpose,
    };
    const { holders, purpose } = await this.admit(req);
    const parsed = parseCitizenId(citizenId, plausibleAddress, shanghaiDate(new Date()));
    if (!parsed.ok) {
      await this.refuse(req, 'rejected:input', RecordErrors.badCitizenId(parsed.problems));
    }
    return this.audited<LookupAnswer>(req, purpose, async (m) => {
      const row = await personByCitizenId(m, citizenId, holders, purpose.judicial);
      const persons = row ? [toSummary(row, { score: 1, reason: 'same citizen ID', matchedName: '' })] : [];
      const elsewhere = !row && (await personExists(m, { citizenId }));
      return {
        result: { persons, auditId: '', more: false },
        returned: row ? [{ id: row.id, holder: row.holder_org }] : [],
        outcome: row ? 'ok' : elsewhere ? 'denied:holder' : 'no-match',
      };
    });
  }

  async byName(request: SearchByNameRequest, call: RpcCall): Promise<LookupAnswer> {
    const name = request.name.trim();
    const req: Request = {
      call,
      message: request,
      kind: LookupKind.NAME,
      terms: {
        kind: 'name',
        name: [...name].slice(0, MAX_NAME_LENGTH + 1).join(''),
        birthDate: request.birthDate || null,
        sex: request.sex ? (Sex[request.sex] ?? String(request.sex)) : null,
        divisionCode: request.divisionCode || null,
        limit: request.limit,
      },
      purpose: request.purpose,
    };
    const { holders, purpose } = await this.admit(req);
    const query = nameKeys(name);
    const violations: Violation[] = [];
    if (query.keys.length === 0) {
      violations.push({
        field: 'name',
        message: `must have 1-${MAX_NAME_LENGTH} characters with at least one letter (Chinese, Tibetan or Latin)`,
      });
    }
    const today = shanghaiDate(new Date());
    if (request.birthDate && (!isCalendarDate(request.birthDate) || request.birthDate > today)) {
      violations.push({ field: 'birthDate', message: 'must be a real date (YYYY-MM-DD), not in the future' });
    }
    if (request.sex && !(request.sex in Sex)) violations.push({ field: 'sex', message: 'is not a sex' });
    if (request.limit > MAX_LIMIT) violations.push({ field: 'limit', message: `must be 1-${MAX_LIMIT}` });
    let divisionCode: string | null = null;
    if (request.divisionCode) {
      divisionCode = /^[0-9]{6}$/.test(request.divisionCode)
        ? ((await this.directory.currentDivisionCode(request.divisionCode, call.token)) ?? null)
        : null;
      if (!divisionCode)
        violations.push({ field: 'divisionCode', message: 'is not a division the directory knows' });
    }
    if (violations.length > 0) {
      await this.refuse(
        req,
        'rejected:input',
        RpcError.of(RecordReason.INVALID_SEARCH, 'The name search is not valid.', violations),
      );
    }
    const filters: NameFilters = {
      birthDate: request.birthDate || null,
      sex: request.sex === Sex.MALE ? 'male' : request.sex === Sex.FEMALE ? 'female' : null,
      divisionCode,
    };
    const limit = request.limit || DEFAULT_LIMIT;
    return this.audited<LookupAnswer>(req, purpose, async (m) => {
      const found = await searchNames(m, query, filters, holders, limit);
      const rows = await personsByIds(
        m,
        found.hits.map((h) => h.personId),
        holders,
        purpose.judicial,
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const persons = found.hits.flatMap((h) => {
        const row = byId.get(h.personId);
        return row ? [toSummary(row, h)] : [];
      });
      return {
        result: { persons, auditId: '', more: found.more },
        returned: persons.map((p) => ({ id: p.personId, holder: p.holderOrg })),
        outcome: persons.length > 0 ? 'ok' : 'no-match',
      };
    });
  }

  async detail(request: GetPersonDetailRequest, call: RpcCall): Promise<DetailAnswer> {
    const req: Request = {
      call,
      message: request,
      kind: LookupKind.DETAIL,
      terms: { kind: 'detail', personId: request.personId.slice(0, 40) },
      purpose: request.purpose,
    };
    const { holders, purpose } = await this.admit(req);
    if (!UUID.test(request.personId)) {
      await this.refuse(
        req,
        'rejected:input',
        RpcError.of(RecordReason.INVALID_PERSON_ID, 'The person id is not valid.', [
          { field: 'personId', message: 'must be a UUID' },
        ]),
      );
    }
    return this.audited<DetailAnswer>(req, purpose, async (m) => {
      const found = await personDetail(m, request.personId, holders, purpose.judicial);
      if (!found) {
        return {
          result: { auditId: '' },
          returned: [],
          outcome: (await personExists(m, { personId: request.personId })) ? 'denied:holder' : 'not-found',
          refuse: RecordErrors.noSuchPerson(request.personId),
        };
      }
      return {
        result: { person: toDetail(found), auditId: '' },
        returned: [{ id: found.person.id, holder: found.person.holder_org }],
        outcome: 'ok',
      };
    });
  }

  /** Who and why: refuses (after auditing) a caller who may not look up, or a request without a valid purpose. */
  private async admit(req: Request): Promise<{ holders: string[]; purpose: CheckedPurpose }> {
    const access = await this.access.forCaller(req.call.principal, req.call.token);
    if (!access.allowed) {
      await this.refuse(
        req,
        access.reason === 'role' ? 'denied:role' : 'denied:organization',
        RpcError.of(RecordReason.ACCESS_DENIED, access.message),
      );
    }
    const nul = controlCharacterViolations(req.message);
    if (nul.length > 0) await this.refuse(req, 'rejected:input', controlCharacterError(nul));
    const checked = checkPurpose(req.purpose);
    if (!checked.ok) {
      await this.refuse(req, 'rejected:purpose', RecordErrors.purposeMissing(checked.violations));
    }
    return {
      holders: [...(access as { holders: ReadonlySet<string> }).holders],
      purpose: (checked as { purpose: CheckedPurpose }).purpose,
    };
  }

  /** Audits a refusal, then throws `error` (RATE_LIMITED over the limit; SERVICE_UNAVAILABLE if it cannot be audited). */
  private async refuse(req: Request, outcome: Outcome, error: RpcError): Promise<never> {
    let limited: boolean;
    try {
      ({ limited } = await this.audit.write({ entry: this.entry(req, 'denied', outcome, []) }));
    } catch (err) {
      throw this.auditFailed(err);
    }
    throw limited ? RecordErrors.rateLimited() : error;
  }

  /**
   * Runs the lookup's query, then has its audit entry (with the rate limit and the holders' notifications)
   * committed; answers only after that.
   */
  private async audited<T extends { auditId: string }>(
    req: Request,
    purpose: CheckedPurpose,
    run: (m: EntityManager) => Promise<Answer<T>>,
  ): Promise<T> {
    const answer = await run(this.dataSource.manager);
    const action =
      answer.outcome === 'denied:holder' ? 'denied' : req.kind === LookupKind.DETAIL ? 'detail' : 'lookup';
    let written: { record: AuditRecord; limited: boolean };
    try {
      written = await this.audit.write({
        entry: this.entry(
          req,
          action,
          answer.outcome,
          answer.returned.map((r) => r.id),
          purpose,
        ),
        events: (record) => this.events.lookupPerformed(record, req.kind, purpose, answer.returned),
      });
    } catch (err) {
      throw this.auditFailed(err);
    }
    if (written.limited) throw RecordErrors.rateLimited();
    if (answer.refuse) throw answer.refuse;
    return { ...answer.result, auditId: written.record.id };
  }

  private entry(
    req: Request,
    action: 'lookup' | 'detail' | 'denied',
    outcome: Outcome,
    resultIds: string[],
    purpose?: CheckedPurpose,
  ) {
    const stated = purpose
      ? { purposeCode: purpose.name, caseNumber: purpose.caseNumber, justification: purpose.justification }
      : statedPurpose(req.purpose);
    return {
      actor: req.call.principal.username,
      actorOrg: req.call.principal.org,
      caller: auditCaller(req.call),
      action,
      ...stated,
      query: req.terms,
      resultIds,
      outcome,
    };
  }

  private auditFailed(err: unknown): RpcError {
    if (err instanceof RpcError) return err;
    this.logger.event('error', 'records lookup failed: the audit entry could not be written', {
      component: 'LookupsService',
      error: err instanceof Error ? err.message : String(err),
    });
    return RecordErrors.auditUnavailable();
  }
}
