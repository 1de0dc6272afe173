import { create } from '@bufbuild/protobuf';
import {
  BasinSchema,
  DivisionSchema,
  DivisionType,
  type Basin as BasinMessage,
  type Division as DivisionMessage,
} from '@yiti/contracts';
import type { Division, DivisionType as DivisionTypeCode } from './division.entity.js';

const TYPE_TO_MESSAGE: Record<DivisionTypeCode, DivisionType> = {
  region: DivisionType.REGION,
  city: DivisionType.CITY,
  district: DivisionType.DISTRICT,
  county: DivisionType.COUNTY,
  county_level_city: DivisionType.COUNTY_LEVEL_CITY,
};

export function toDivisionMessage(d: Division): DivisionMessage {
  return create(DivisionSchema, {
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    nameBo: d.nameBo ?? '',
    pinyin: d.pinyin,
    type: TYPE_TO_MESSAGE[d.type],
    parentCode: d.parentCode ?? '',
    legacyCodes: (d.legacyCodes ?? []).map((l) => l.legacyCode).sort(),
    ...(d.onYarlungTsangpo === null ? {} : { onYarlungTsangpo: d.onYarlungTsangpo }),
  });
}

export function toBasinMessage(
  basin: { code: string; nameZh: string; nameEn: string },
  members: Division[],
): BasinMessage {
  return create(BasinSchema, {
    code: basin.code,
    nameZh: basin.nameZh,
    nameEn: basin.nameEn,
    members: members.map(toDivisionMessage),
  });
}
