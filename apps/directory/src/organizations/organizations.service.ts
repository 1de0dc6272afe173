import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '@yiti/persistence';
import {
  BASIN_CODE,
  DIVISION_CODE,
  MAX_BATCH,
  NAME_MAX_LENGTH,
  ORGANIZATION_CODE,
  OrganizationKind,
  type CreateOrganizationRequest,
  type ListOrganizationsRequest,
  type Organization as OrganizationMessage,
  type UpdateOrganizationRequest,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { DirectoryAudit } from '../audit/directory-audit.js';
import { DivisionsService } from '../divisions/divisions.service.js';
import { Organization } from './organization.entity.js';
import { OrganizationErrors } from './organizations.errors.js';
import { kindCodeOf, toOrganizationMessage, type OrganizationRow } from './organizations.mapper.js';

/**
 * Organizations with their city and superior procuratorate resolved in SQL. The division tree is
 * region → city → county-level division, so a procuratorate's superior is the nearest active procuratorate
 * of its parent or grandparent division.
 */
const SELECT_ORGANIZATIONS = `
  SELECT o.code, o.kind, o.division_code, o.name_zh, o.name_en, o.active,
         CASE WHEN d.type = 'city' THEN d.code WHEN p.type = 'city' THEN p.code END AS city_code,
         CASE WHEN o.kind = 'proc' THEN COALESCE(sp.code, sgp.code) END AS superior_code
    FROM directory.organization o
    JOIN directory.division d ON d.code = o.division_code
    LEFT JOIN directory.division p ON p.code = d.parent_code
    LEFT JOIN directory.organization sp ON sp.code = 'proc-' || p.code AND sp.active
    LEFT JOIN directory.organization sgp ON sgp.code = 'proc-' || p.parent_code AND sgp.active`;

@Injectable()
export class OrganizationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DivisionsService) private readonly divisions: DivisionsService,
    @Inject(DirectoryAudit) private readonly audit: DirectoryAudit,
  ) {}

  async list(filter: ListOrganizationsRequest): Promise<OrganizationMessage[]> {
    inputCheck()
      .that('kind', filter.kind === undefined || kindCodeOf(filter.kind) !== undefined, 'is not a kind')
      .matches('cityCode', filter.cityCode, DIVISION_CODE, 'must be a six-digit division code')
      .matches('divisionCode', filter.divisionCode, DIVISION_CODE, 'must be a six-digit division code')
      .matches('basinCode', filter.basinCode, BASIN_CODE, 'must be a basin code such as yarlung-tsangpo')
      .done();
    if (filter.cityCode) await this.divisions.require(filter.cityCode);
    if (filter.divisionCode) await this.divisions.require(filter.divisionCode);
    if (filter.basinCode) await this.divisions.requireBasin(filter.basinCode);

    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.kind !== undefined) where.push(`o.kind = ${param(kindCodeOf(filter.kind))}`);
    if (filter.cityCode) where.push(`(d.code = ${param(filter.cityCode)} OR p.code = $${params.length})`);
    if (filter.divisionCode) where.push(`o.division_code = ${param(filter.divisionCode)}`);
    if (filter.basinCode) {
      where.push(`EXISTS (SELECT 1 FROM directory.basin_member m
                           WHERE m.basin_code = ${param(filter.basinCode)} AND m.division_code = o.division_code)`);
    }
    const sql = `${SELECT_ORGANIZATIONS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.code`;
    const rows: OrganizationRow[] = await this.dataSource.query(sql, params);
    return rows.map(toOrganizationMessage);
  }

  /** Batch lookup; unknown codes are left out. */
  async getMany(codes: readonly string[]): Promise<OrganizationMessage[]> {
    inputCheck()
      .that('codes', codes.length <= MAX_BATCH, `must list at most ${MAX_BATCH} codes`)
      .that(
        'codes',
        codes.every((c) => ORGANIZATION_CODE.test(c)),
        'must all be organization codes',
      )
      .done();
    if (codes.length === 0) return [];
    const rows: OrganizationRow[] = await this.dataSource.query(
      `${SELECT_ORGANIZATIONS} WHERE o.code = ANY($1) ORDER BY o.code`,
      [[...new Set(codes)]],
    );
    return rows.map(toOrganizationMessage);
  }

  async get(code: string): Promise<OrganizationMessage> {
    const [found] = await this.getMany([code]);
    if (!found) throw OrganizationErrors.notFound(code);
    return found;
  }

  /**
   * The nearest procuratorate above both (贡嘎 + 曲水 → 西藏自治区人民检察院; 贡嘎 + 扎囊 → 山南市). When one
   * is the other's superior, the answer is above both: a dispute between them goes one level higher.
   */
  async commonSuperior(firstCode: string, secondCode: string): Promise<OrganizationMessage> {
    inputCheck()
      .matches('firstCode', firstCode, ORGANIZATION_CODE, 'must be an organization code')
      .matches('secondCode', secondCode, ORGANIZATION_CODE, 'must be an organization code')
      .done();
    const first = await this.superiorChain(firstCode);
    const second = new Set((await this.superiorChain(secondCode)).map((o) => o.code));
    const common = first.find((o) => second.has(o.code));
    if (!common) throw OrganizationErrors.noSuperior(first.length === 0 ? firstCode : secondCode);
    return common;
  }

  private async superiorChain(code: string): Promise<OrganizationMessage[]> {
    const start = await this.get(code);
    if (start.kind !== OrganizationKind.PROCURATORATE) throw OrganizationErrors.notProcuratorate(code);
    const chain: OrganizationMessage[] = [];
    for (let next = start.superiorCode; next;) {
      const superior = await this.get(next);
      chain.push(superior);
      next = superior.superiorCode;
    }
    return chain;
  }

  /**
   * A new organization `<kind>-<division>` (a court, a supervision commission, another city's procuratorate…)
   * in an existing division; a retry with the same names returns it, other names are a CONFLICT.
   */
  async create(request: CreateOrganizationRequest, call: RpcCall): Promise<OrganizationMessage> {
    const kind = kindCodeOf(request.kind);
    inputCheck()
      .that('kind', kind !== undefined, 'is required')
      .matches('divisionCode', request.divisionCode, DIVISION_CODE, 'must be a six-digit division code')
      .required('nameZh', request.nameZh)
      .maxLength('nameZh', request.nameZh, NAME_MAX_LENGTH)
      .maxLength('nameEn', request.nameEn, NAME_MAX_LENGTH)
      .done();
    const division = await this.divisions.require(request.divisionCode);
    const code = `${kind}-${division.code}`;
    const nameZh = request.nameZh.trim();
    const nameEn = request.nameEn.trim();
    const row = { code, kind: kind!, divisionCode: division.code, nameZh, nameEn, active: true };
    try {
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(Organization).insert(row);
        await this.audit.record(m, call, 'organization.create', code, null, row);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The code is derived from kind and division, so a retried create finds its own first result.
      const existing = await this.get(code);
      if (existing.nameZh !== nameZh || existing.nameEn !== nameEn)
        throw OrganizationErrors.alreadyExists(code);
      return existing;
    }
    return this.get(code);
  }

  /** Changes names or the active flag; a change to what is already so is not audited. */
  async update(request: UpdateOrganizationRequest, call: RpcCall): Promise<OrganizationMessage> {
    inputCheck()
      .matches('code', request.code, ORGANIZATION_CODE, 'must be an organization code')
      .that('nameZh', request.nameZh === undefined || request.nameZh.trim() !== '', 'must not be empty')
      .maxLength('nameZh', request.nameZh, NAME_MAX_LENGTH)
      .maxLength('nameEn', request.nameEn, NAME_MAX_LENGTH)
      .done();
    const changes: Partial<Organization> = {};
    if (request.nameZh !== undefined) changes.nameZh = request.nameZh.trim();
    if (request.nameEn !== undefined) changes.nameEn = request.nameEn.trim();
    if (request.active !== undefined) changes.active = request.active;
    if (Object.keys(changes).length === 0) throw OrganizationErrors.nothingToUpdate();
    await this.dataSource.transaction(async (m) => {
      const repository = m.getRepository(Organization);
      const found = await repository.findOne({
        where: { code: request.code },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw OrganizationErrors.notFound(request.code);
      const before = auditedFields(found);
      const after = { ...before, ...changes };
      if (JSON.stringify(after) === JSON.stringify(before)) return;
      await repository.update({ code: request.code }, changes);
      await this.audit.record(m, call, 'organization.update', request.code, before, after);
    });
    return this.get(request.code);
  }
}

function auditedFields(o: Organization) {
  return {
    code: o.code,
    kind: o.kind,
    divisionCode: o.divisionCode.trim(),
    nameZh: o.nameZh,
    nameEn: o.nameEn,
    active: o.active,
  };
}
