import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  BASIN_CODE,
  DIVISION_CODE,
  MAX_BATCH,
  type Basin as BasinMessage,
  type Division as DivisionMessage,
  type ListDivisionsRequest,
  type SetBasinMembershipRequest,
} from '@yiti/contracts';
import { inputCheck } from '@yiti/messaging';
import { Basin, BasinMember } from './basin.entity.js';
import { Division } from './division.entity.js';
import { DivisionErrors } from './divisions.errors.js';
import { toBasinMessage, toDivisionMessage } from './divisions.mapper.js';
import { LegacyDivisionCode } from './legacy-division-code.entity.js';

@Injectable()
export class DivisionsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

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

  /** Adds a division to a basin or removes it; setting what is already so changes nothing. */
  async setBasinMembership(request: SetBasinMembershipRequest): Promise<BasinMessage> {
    inputCheck()
      .matches('basinCode', request.basinCode, BASIN_CODE, 'must be a basin code such as yarlung-tsangpo')
      .matches('divisionCode', request.divisionCode, DIVISION_CODE, 'must be a six-digit division code')
      .done();
    await this.requireBasin(request.basinCode);
    await this.require(request.divisionCode);
    const members = this.dataSource.getRepository(BasinMember);
    const key = { basinCode: request.basinCode, divisionCode: request.divisionCode };
    if (request.member) await members.createQueryBuilder().insert().values(key).orIgnore().execute();
    else await members.delete(key);
    return this.getBasin(request.basinCode);
  }

  private find(code: string): Promise<Division | null> {
    return this.dataSource
      .getRepository(Division)
      .findOne({ where: { code }, relations: { legacyCodes: true } });
  }
}
