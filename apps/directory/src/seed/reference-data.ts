import type { DivisionType } from '../divisions/division.entity.js';
import type { OrganizationKindCode } from '../organizations/organization.entity.js';
import { SHANNAN_REFERENCE as reference } from '@yiti/reference';

interface ReferenceDivision {
  code: string;
  legacyCodes?: string[];
  zh: string;
  pinyin: string;
  en: string;
  type: string;
  procuratorate: string;
  onYarlungTsangpo: boolean | null;
}

export interface DivisionRow {
  code: string;
  nameZh: string;
  nameEn: string;
  pinyin: string;
  type: DivisionType;
  parentCode: string | null;
  onYarlungTsangpo: boolean | null;
}

export interface OrganizationRow {
  code: string;
  kind: OrganizationKindCode;
  divisionCode: string;
  nameZh: string;
  nameEn: string;
}

export interface ReferenceRows {
  divisions: DivisionRow[];
  legacyCodes: { legacyCode: string; divisionCode: string }[];
  organizations: OrganizationRow[];
  basins: { code: string; nameZh: string; nameEn: string; memberDivisions: string[] }[];
}

const SHANNAN = '540500';

function org(
  kind: OrganizationKindCode,
  divisionCode: string,
  nameZh: string,
  nameEn: string,
): OrganizationRow {
  return { code: `${kind}-${divisionCode}`, kind, divisionCode, nameZh, nameEn };
}

/**
 * Turns the reference file into rows: the region, its cities and their divisions (with legacy codes); a
 * procuratorate for each; for Shannan, the city's and every division's police bureau and investigation-
 * supervision and cooperation office (ISCO); the other agencies; and the basins.
 */
export function referenceRows(): ReferenceRows {
  const rows: ReferenceRows = { divisions: [], legacyCodes: [], organizations: [], basins: [] };
  const region = reference.region;
  rows.divisions.push({
    code: region.code,
    nameZh: region.zh,
    nameEn: region.en,
    pinyin: 'Xizang Zizhiqu',
    type: 'region',
    parentCode: null,
    onYarlungTsangpo: null,
  });
  rows.organizations.push(
    org('proc', region.code, region.procuratorate, `${region.en} People's Procuratorate`),
  );

  for (const city of reference.cities) {
    rows.divisions.push({
      code: city.code,
      nameZh: city.zh,
      nameEn: city.en,
      pinyin: city.pinyin,
      type: 'city',
      parentCode: region.code,
      onYarlungTsangpo: null,
    });
    for (const legacy of city.legacyCodes ?? [])
      rows.legacyCodes.push({ legacyCode: legacy, divisionCode: city.code });
    rows.organizations.push(org('proc', city.code, city.procuratorate, `${city.en} People's Procuratorate`));
    rows.organizations.push(org('police', city.code, city.police, `${city.en} Public Security Bureau`));
    if (city.code === SHANNAN) {
      rows.organizations.push(
        org(
          'isco',
          city.code,
          `${city.zh}侦查监督与协作配合办公室`,
          `${city.en} Investigation Supervision and Cooperation Office`,
        ),
      );
    }

    for (const d of city.divisions as ReferenceDivision[]) {
      rows.divisions.push({
        code: d.code,
        nameZh: d.zh,
        nameEn: d.en,
        pinyin: d.pinyin,
        type: d.type as DivisionType,
        parentCode: city.code,
        onYarlungTsangpo: d.onYarlungTsangpo,
      });
      for (const legacy of d.legacyCodes ?? [])
        rows.legacyCodes.push({ legacyCode: legacy, divisionCode: d.code });
      rows.organizations.push(org('proc', d.code, d.procuratorate, `${d.en} People's Procuratorate`));
      if (city.code !== SHANNAN) continue;
      const police =
        d.type === 'district'
          ? org(
              'police',
              d.code,
              `${city.police}${d.zh.replace(/区$/, '')}分局`,
              `${city.en} Public Security Bureau, ${d.en} Branch`,
            )
          : org('police', d.code, `${d.zh}公安局`, `${d.en} Public Security Bureau`);
      rows.organizations.push(police);
      rows.organizations.push(
        org(
          'isco',
          d.code,
          `${d.zh}侦查监督与协作配合办公室`,
          `${d.en} Investigation Supervision and Cooperation Office`,
        ),
      );
    }
  }

  for (const agency of reference.otherAgencies) {
    rows.organizations.push(org(agency.kind as OrganizationKindCode, agency.division, agency.zh, agency.en));
  }
  for (const basin of reference.basins) {
    rows.basins.push({
      code: basin.code,
      nameZh: basin.zh,
      nameEn: basin.en,
      memberDivisions: basin.memberDivisions,
    });
  }
  return rows;
}
