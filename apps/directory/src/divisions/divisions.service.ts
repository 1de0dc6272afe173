import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  BASIN_CODE,
  DIVISION_CODE,
  DivisionType as DivisionTypeMessage,
  MAX_BATCH,
  NAME_MAX_LENGTH,
  type Basin as BasinMessage,
  type CreateBasinRequest,
  type CreateDivisionRequest,
  type Division as DivisionMessage,
  type ListDivisionsRequest,
  type SetBasinMembershipRequest,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { isUniqueViolation } from '@yiti/persistence';
import { DirectoryAudit } from '../audit/directory-audit.js';
import { Basin, BasinMember } from './basin.entity.js';
import { Division, type DivisionType } from './division.entity.js';
import { DivisionErrors } from './divisions.errors.js';
import { toBasinMessage, toDivisionMessage } from './divisions.mapper.js';
import { LegacyDivisionCode } from './legacy-division-code.entity.js';

@Injectable()
export class DivisionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DirectoryAudit) private readonly audit: DirectoryAudit,
  ) {}

  /** A division by current code, or by a legacy code that older citizen IDs carry. */
  async lookup(code: string): Promise<{ division: DivisionMessage; matchedLegacyCode: boolean }> {
    inputCheck().matches('code', code, DIVISION_CODE, 'must be a six-digit division code').done();
    const current = await this.find(code);
    if (current) return { division: toDivisionMessage(current), matchedLegacyCode: false };
    const legacy = await this.dataSource.getRepository(LegacyDivisionCode).findOneBy({ legacyCode: code });
    const division = legacy && (await this.find(legacy.divisionCode));
    if (!division) throw DivisionErrors.notFound(code);
    return { division: toDivisionMessage(division), matchedLegacyCode: true };
  }

  async list(request: ListDivisionsRequest): Promise<DivisionMessage[]> {
    inputCheck()
      .matches('parentCode', request.parentCode, DIVISION_CODE, 'must be a six-digit division code')
      .that('codes', request.codes.length <= MAX_BATCH, `must list at most ${MAX_BATCH} codes`)
      .that(
        'codes',
        request.codes.every((c) => DIVISION_CODE.test(c)),
        'must all be six-digit division codes',
      )
      .done();
    const where: Record<string, unknown> = {};
    if (request.parentCode !== undefined) where['parentCode'] = request.parentCode;
    if (request.codes.length > 0) where['code'] = In(request.codes);
    const rows = await this.dataSource
      .getRepository(Division)
      .find({ where, relations: { legacyCodes: true }, order: { code: 'ASC' } });
    return rows.map(toDivisionMessage);
  }

  async require(code: string): Promise<Division> {
    const division = await this.find(code);
    if (!division) throw DivisionErrors.notFound(code);
    return division;
  }

  async requireBasin(code: string): Promise<Basin> {
    const basin = await this.dataSource.getRepository(Basin).findOneBy({ code });
    if (!basin) throw DivisionErrors.basinNotFound(code);
    return basin;
  }

  async getBasin(code: string): Promise<BasinMessage> {
    inputCheck().matches('code', code, BASIN_CODE, 'must be a basin code such as yarlung-tsangpo').done();
    const basin = await this.requireBasin(code);
    const members = await this.dataSource.getRepository(BasinMember).find({
      where: { basinCode: code },
      relations: { division: { legacyCodes: true } },
      order: { divisionCode: 'ASC' },
    });
    return toBasinMessage(
      basin,
      members.map((m) => m.division),
    );
  }

  /** Adds a division to a basin or removes it; setting what is already so changes nothing (and audits nothing). */
  async setBasinMembership(request: SetBasinMembershipRequest, call: RpcCall): Promise<BasinMessage> {
    inputCheck()
      .matches('basinCode', request.basinCode, BASIN_CODE, 'must be a basin code such as yarlung-tsangpo')
      .matches('divisionCode', request.divisionCode, DIVISION_CODE, 'must be a six-digit division code')
      .done();
    await this.requireBasin(request.basinCode);
    await this.require(request.divisionCode);
    const key = { basinCode: request.basinCode, divisionCode: request.divisionCode };
    await this.dataSource.transaction(async (m) => {
      const members = m.getRepository(BasinMember);
      const before = await this.memberCodes(m, request.basinCode);
      if (request.member) {
        const inserted: unknown[] = await m.query(
          `INSERT INTO directory.basin_member (basin_code, division_code) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [key.basinCode, key.divisionCode],
        );
        if (inserted.length === 0) return;
      } else if (!(await members.delete(key)).affected) return;
      const after = await this.memberCodes(m, request.basinCode);
      const action = request.member ? 'basin.add-member' : 'basin.remove-member';
      await this.audit.record(m, call, action, request.basinCode, { members: before }, { members: after });
    });
    return this.getBasin(request.basinCode);
  }

  /**
   * A new division under an existing one (GB/T 2260): a region ends in 0000 and has no parent; a city ends in
   * 00, lies under a region and shares its first two digits; a district, county or county-level city lies
   * under a city and shares its first four. A retry with the same values returns the division; a different
   * division with that code is a CONFLICT, and so is a code that is another division's legacy code.
   */
  async createDivision(request: CreateDivisionRequest, call: RpcCall): Promise<DivisionMessage> {
    const type = DIVISION_TYPES.get(request.type);
    const nameZh = request.nameZh.trim();
    const nameEn = request.nameEn.trim();
    const nameBo = request.nameBo.trim();
    const pinyin = request.pinyin.trim();
    inputCheck()
      .matches('code', request.code, GB2260_CODE, 'must be a six-digit GB/T 2260 code such as 540102')
      .that('type', type !== undefined, 'is required')
      .that(
        'parentCode',
        request.parentCode === '' || DIVISION_CODE.test(request.parentCode),
        'must be a six-digit division code',
      )
      .required('nameZh', nameZh)
      .maxLength('nameZh', nameZh, NAME_MAX_LENGTH)
      .required('nameEn', nameEn)
      .maxLength('nameEn', nameEn, NAME_MAX_LENGTH)
      .maxLength('nameBo', nameBo, NAME_MAX_LENGTH)
      .maxLength('pinyin', pinyin, NAME_MAX_LENGTH)
      .done();
    const parent = request.parentCode ? await this.require(request.parentCode) : null;
    checkLevel(request.code, type!, parent);
    const legacy = await this.dataSource
      .getRepository(LegacyDivisionCode)
      .findOneBy({ legacyCode: request.code });
    if (legacy) throw DivisionErrors.isLegacyCode(request.code, legacy.divisionCode);
    const row = {
      code: request.code,
      type: type!,
      parentCode: parent?.code ?? null,
      nameZh,
      nameEn,
      nameBo,
      pinyin,
    };
    try {
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(Division).insert({ ...row, onYarlungTsangpo: null });
        await this.audit.record(m, call, 'division.create', row.code, null, row);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.require(request.code);
      const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => existing[k] === row[k]);
      if (!same) throw DivisionErrors.alreadyExists(request.code);
    }
    return toDivisionMessage(await this.require(request.code));
  }

  /** A new river basin with its member divisions (each must exist); a retry with the same values returns it. */
  async createBasin(request: CreateBasinRequest, call: RpcCall): Promise<BasinMessage> {
    const nameZh = request.nameZh.trim();
    const nameEn = request.nameEn.trim();
    const members = [...new Set(request.memberDivisionCodes)].sort();
    inputCheck()
      .matches('code', request.code, BASIN_CODE, 'must be a basin code such as yarlung-tsangpo')
      .required('nameZh', nameZh)
      .maxLength('nameZh', nameZh, NAME_MAX_LENGTH)
      .maxLength('nameEn', nameEn, NAME_MAX_LENGTH)
      .that('memberDivisionCodes', members.length <= MAX_BATCH, `must list at most ${MAX_BATCH} codes`)
      .that(
        'memberDivisionCodes',
        members.every((c) => DIVISION_CODE.test(c)),
        'must all be six-digit division codes',
      )
      .done();
    const found = new Set(
      (await this.dataSource.getRepository(Division).findBy({ code: In(members) })).map((d) => d.code),
    );
    const unknown = members.filter((c) => !found.has(c));
    if (unknown.length > 0) throw DivisionErrors.membersNotFound(unknown);
    try {
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(Basin).insert({ code: request.code, nameZh, nameEn });
        if (members.length > 0)
          await m
            .getRepository(BasinMember)
            .insert(members.map((divisionCode) => ({ basinCode: request.code, divisionCode })));
        await this.audit.record(m, call, 'basin.create', request.code, null, {
          code: request.code,
          nameZh,
          nameEn,
          members,
        });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await this.getBasin(request.code);
      const same =
        existing.nameZh === nameZh &&
        existing.nameEn === nameEn &&
        existing.members.map((d) => d.code).join() === members.join();
      if (!same) throw DivisionErrors.basinAlreadyExists(request.code);
    }
    return this.getBasin(request.code);
  }

  private async memberCodes(m: EntityManager, basinCode: string): Promise<string[]> {
    const rows = await m
      .getRepository(BasinMember)
      .find({ where: { basinCode }, order: { divisionCode: 'ASC' } });
    return rows.map((r) => r.divisionCode);
  }

  private find(code: string): Promise<Division | null> {
    return this.dataSource
      .getRepository(Division)
      .findOne({ where: { code }, relations: { legacyCodes: true } });
  }
}

const DIVISION_TYPES = new Map<DivisionTypeMessage, DivisionType>([
  [DivisionTypeMessage.REGION, 'region'],
  [DivisionTypeMessage.CITY, 'city'],
  [DivisionTypeMessage.DISTRICT, 'district'],
  [DivisionTypeMessage.COUNTY, 'county'],
  [DivisionTypeMessage.COUNTY_LEVEL_CITY, 'county_level_city'],
]);

/**
 * GB/T 2260: two digits of the province-level division (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82),
 * two of the city, two of the county-level division.
 */
export const GB2260_CODE = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{4}$/;

/** The division tree is region → city → county-level division; the code says which level it is. */
function checkLevel(code: string, type: DivisionType, parent: Division | null): void {
  const wrong = (field: string, message: string) => DivisionErrors.wrongLevel(field, message);
  if (type === 'region') {
    if (!code.endsWith('0000')) throw wrong('code', 'must end in 0000 for a region');
    if (parent) throw wrong('parentCode', 'must be empty for a region');
    return;
  }
  if (!parent) throw wrong('parentCode', 'is required');
  if (type === 'city') {
    if (!code.endsWith('00') || code.endsWith('0000'))
      throw wrong('code', 'must end in 00 (not 0000) for a city');
    if (parent.type !== 'region') throw wrong('parentCode', 'must be a region for a city');
    if (code.slice(0, 2) !== parent.code.slice(0, 2))
      throw wrong('code', `must start with ${parent.code.slice(0, 2)}, its region's digits`);
    return;
  }
  if (code.endsWith('00')) throw wrong('code', 'must not end in 00 for a county-level division');
  if (parent.type !== 'city') throw wrong('parentCode', 'must be a city for a county-level division');
  if (code.slice(0, 4) !== parent.code.slice(0, 4))
    throw wrong('code', `must start with ${parent.code.slice(0, 4)}, its city's digits`);
}
