import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AGREEMENT_CODE,
  AgreementKind,
  AgreementStatus,
  BASIN_CODE,
  CoveringAgreementSchema,
  DIVISION_CODE,
  ORGANIZATION_CODE,
  SCOPE_CODE,
  type Agreement as AgreementMessage,
  type AgreementsCoveringRequest,
  type CoveringAgreement,
  type DiffVersionsRequest,
  type DiffVersionsResponse,
  type ListAgreementsRequest,
} from '@yiti/contracts';
import { isCalendarDate } from '@yiti/calendar';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { Agreement } from './agreement.entity.js';
import type { VersionContentJson } from './agreement-version.entity.js';
import { AgreementErrors } from './agreements.errors.js';
import { kindCodeOf, toAgreementMessage, type LoadedAgreement } from './agreements.mapper.js';
import { AgreementsRepository } from './agreements.repository.js';
import { diffContent } from './canonical.js';
import { DirectoryLookup } from './directory-lookup.js';
import { todayInShanghai } from './lifecycle.js';

interface CoveringRow {
  code: string;
  number: number;
  content: VersionContentJson;
}

/**
 * The in-force version of each agreement covering a transfer: both organizations are parties, the business
 * line and category are in scope (an empty list means all), the division is in scope (empty means all), and
 * the newest fully signed version whose date has come has not ended. Only agreements the caller may see.
 */
const COVERING_SQL = `
  SELECT a.code, v.number, v.content
    FROM agreements.agreement a
    JOIN LATERAL (
      SELECT * FROM agreements.agreement_version x
       WHERE x.agreement_code = a.code AND x.fully_signed_at IS NOT NULL AND x.effective_from <= $1::date
       ORDER BY x.number DESC LIMIT 1
    ) v ON true
   WHERE a.state = 'active'
     AND a.party_codes @> ARRAY[$2, $3]::text[]
     AND $6 = ANY (a.visible_to)
     AND (v.effective_to IS NULL OR v.effective_to >= $1::date)
     AND (cardinality(v.business_lines) = 0 OR $4 = ANY (v.business_lines))
     AND (cardinality(v.case_categories) = 0 OR $5 = ANY (v.case_categories))
     AND ($7 = '' OR cardinality(v.division_codes) = 0 OR $7 = ANY (v.division_codes))
   ORDER BY a.code`;

@Injectable()
export class AgreementQueriesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AgreementsRepository) private readonly repository: AgreementsRepository,
    @Inject(DirectoryLookup) private readonly directory: DirectoryLookup,
  ) {}

  async get(code: string, call: RpcCall): Promise<AgreementMessage> {
    return toAgreementMessage(await this.readable(code, call), call.principal.org, todayInShanghai());
  }

  async list(filter: ListAgreementsRequest, call: RpcCall): Promise<AgreementMessage[]> {
    inputCheck()
      .matches('partyCode', filter.partyCode, ORGANIZATION_CODE, 'must be an organization code')
      .that('kind', filter.kind === undefined || kindCodeOf(filter.kind) !== undefined, 'is not a kind')
      .that(
        'status',
        filter.status === undefined ||
          (filter.status !== AgreementStatus.UNSPECIFIED && !!AgreementStatus[filter.status]),
        'is not a status',
      )
      .matches('basinCode', filter.basinCode, BASIN_CODE, 'must be a basin code')
      .matches('divisionCode', filter.divisionCode, DIVISION_CODE, 'must be a six-digit division code')
      .done();
    // Filters on what only a full view shows (scope, status) must not let an outsider probe public pacts:
    // with such a filter, only agreements the caller sees in full can match.
    const probesDetails =
      filter.basinCode !== undefined || filter.divisionCode !== undefined || filter.status !== undefined;
    const qb = this.dataSource
      .getRepository(Agreement)
      .createQueryBuilder('a')
      .where(probesDetails ? ':org = ANY (a.visible_to)' : '(:org = ANY (a.visible_to) OR a.public)', {
        org: call.principal.org,
      })
      .orderBy('a.code');
    if (filter.partyCode) qb.andWhere(':party = ANY (a.party_codes)', { party: filter.partyCode });
    if (filter.kind !== undefined)
      qb.andWhere('a.kind = :kind', { kind: kindCodeOf(filter.kind as AgreementKind) });
    if (filter.basinCode) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM agreements.agreement_version v WHERE v.agreement_code = a.code AND v.content->'scope'->>'basinCode' = :basin)`,
        { basin: filter.basinCode },
      );
    }
    if (filter.divisionCode) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM agreements.agreement_version v WHERE v.agreement_code = a.code AND :division = ANY (v.division_codes))`,
        { division: filter.divisionCode },
      );
    }
    const loaded = await this.repository.withDetails(this.dataSource.manager, await qb.getMany());
    const today = todayInShanghai();
    const views = loaded.map((l) => toAgreementMessage(l, call.principal.org, today));
    return filter.status === undefined ? views : views.filter((v) => v.status === filter.status);
  }

  async diff(request: DiffVersionsRequest, call: RpcCall): Promise<DiffVersionsResponse> {
    inputCheck()
      .that('fromVersion', request.fromVersion >= 1, 'must be a version number')
      .that('toVersion', request.toVersion >= 1, 'must be a version number')
      .done();
    const loaded = await this.readable(request.code, call);
    if (!loaded.agreement.visibleTo.includes(call.principal.org))
      throw AgreementErrors.notFound(request.code);
    const version = (n: number) => {
      const v = loaded.versions.find((x) => x.number === n);
      if (!v) throw AgreementErrors.versionNotFound(request.code, n);
      return v.content;
    };
    return diffContent(version(request.fromVersion), version(request.toVersion)) as DiffVersionsResponse;
  }

  async covering(request: AgreementsCoveringRequest, call: RpcCall): Promise<CoveringAgreement[]> {
    inputCheck()
      .matches('fromOrg', request.fromOrg, ORGANIZATION_CODE, 'must be an organization code')
      .matches('toOrg', request.toOrg, ORGANIZATION_CODE, 'must be an organization code')
      .matches('businessLine', request.businessLine, SCOPE_CODE, 'must be a code such as criminal')
      .matches('category', request.category, SCOPE_CODE, 'must be a code such as ecology-resources')
      .that(
        'divisionCode',
        !request.divisionCode || DIVISION_CODE.test(request.divisionCode),
        'must be a division code',
      )
      .that('onDate', !request.onDate || isCalendarDate(request.onDate), 'must be a date YYYY-MM-DD')
      .done();
    await this.directory.checkScopeCodes(
      { businessLines: [request.businessLine], caseCategories: [request.category] },
      call.token,
      { businessLines: 'businessLine', caseCategories: 'category' },
    );
    const rows: CoveringRow[] = await this.dataSource.query(COVERING_SQL, [
      request.onDate || todayInShanghai(),
      request.fromOrg,
      request.toOrg,
      request.businessLine,
      request.category,
      call.principal.org,
      request.divisionCode,
    ]);
    return rows.map((r) =>
      create(CoveringAgreementSchema, {
        code: r.code,
        titleZh: r.content.titleZh,
        version: r.number,
        settings: r.content.settings,
        effectiveFrom: r.content.effectiveFrom,
        effectiveTo: r.content.effectiveTo,
      }),
    );
  }

  /** Visible in full to parties and their superiors, in part if public; otherwise it does not exist. */
  private async readable(code: string, call: RpcCall): Promise<LoadedAgreement> {
    inputCheck().matches('code', code, AGREEMENT_CODE, 'must be an agreement code').done();
    const loaded = await this.repository.load(this.dataSource.manager, code);
    if (!loaded || !(loaded.agreement.visibleTo.includes(call.principal.org) || loaded.agreement.public)) {
      throw AgreementErrors.notFound(code);
    }
    return loaded;
  }
}
