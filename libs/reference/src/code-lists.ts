/**
 * The business lines (业务条线) and case categories (案件类别) Yiti accepts — one list. The directory loads it into
 * its tables (a migration) and answers `ListBusinessLines`; the services ask the directory and refuse any other
 * code; the gateway checks its inputs against this same constant before anything reaches NATS.
 *
 * A category belongs to every business line it is listed under: 生态环境和资源保护 is a criminal matter (破坏环境
 * 资源保护罪) and a public-interest one (公益诉讼). Codes are never renamed or removed (stored transfers, pacts
 * and consultations carry them); a new code needs a new directory migration that inserts it.
 */
export interface ReferenceCode {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

export interface ReferenceBusinessLine extends ReferenceCode {
  readonly categories: readonly string[];
}

export const CASE_CATEGORIES: readonly ReferenceCode[] = [
  { code: 'ecology-resources', nameZh: '生态环境和资源保护', nameEn: 'Ecology and natural resources' },
  { code: 'environmental-pollution', nameZh: '环境污染', nameEn: 'Environmental pollution' },
  { code: 'illegal-fishing', nameZh: '非法捕捞水产品', nameEn: 'Illegal fishing' },
  { code: 'illegal-mining', nameZh: '非法采矿', nameEn: 'Illegal mining' },
  { code: 'food-drug-safety', nameZh: '食品药品安全', nameEn: 'Food and drug safety' },
  { code: 'cultural-heritage', nameZh: '文物和文化遗产保护', nameEn: 'Cultural relics and heritage' },
  { code: 'theft', nameZh: '盗窃', nameEn: 'Theft' },
  { code: 'fraud', nameZh: '诈骗', nameEn: 'Fraud' },
  { code: 'intentional-injury', nameZh: '故意伤害', nameEn: 'Intentional injury' },
  { code: 'drug-trafficking', nameZh: '毒品犯罪', nameEn: 'Drug crimes' },
  { code: 'dangerous-driving', nameZh: '危险驾驶', nameEn: 'Dangerous driving' },
  { code: 'duty-crime', nameZh: '职务犯罪', nameEn: 'Duty-related crimes' },
  { code: 'state-owned-assets', nameZh: '国有财产保护', nameEn: 'State-owned assets' },
  {
    code: 'state-land-transfer',
    nameZh: '国有土地使用权出让',
    nameEn: 'Transfer of state-owned land use rights',
  },
  { code: 'civil-judgment', nameZh: '民事生效裁判监督', nameEn: 'Supervision of effective civil judgments' },
  { code: 'civil-enforcement', nameZh: '民事执行监督', nameEn: 'Supervision of civil enforcement' },
  { code: 'false-litigation', nameZh: '虚假诉讼', nameEn: 'False litigation' },
  {
    code: 'administrative-judgment',
    nameZh: '行政生效裁判监督',
    nameEn: 'Supervision of effective administrative judgments',
  },
  {
    code: 'administrative-non-litigation-enforcement',
    nameZh: '行政非诉执行监督',
    nameEn: 'Supervision of non-litigation administrative enforcement',
  },
];

export const BUSINESS_LINES: readonly ReferenceBusinessLine[] = [
  {
    code: 'criminal',
    nameZh: '刑事检察',
    nameEn: 'Criminal prosecution',
    categories: [
      'ecology-resources',
      'environmental-pollution',
      'illegal-fishing',
      'illegal-mining',
      'food-drug-safety',
      'cultural-heritage',
      'theft',
      'fraud',
      'intentional-injury',
      'drug-trafficking',
      'dangerous-driving',
      'duty-crime',
    ],
  },
  {
    code: 'civil',
    nameZh: '民事检察',
    nameEn: 'Civil prosecution',
    categories: ['civil-judgment', 'civil-enforcement', 'false-litigation'],
  },
  {
    code: 'administrative',
    nameZh: '行政检察',
    nameEn: 'Administrative prosecution',
    categories: ['administrative-judgment', 'administrative-non-litigation-enforcement'],
  },
  {
    code: 'public-interest',
    nameZh: '公益诉讼检察',
    nameEn: 'Public-interest litigation',
    categories: [
      'ecology-resources',
      'environmental-pollution',
      'illegal-fishing',
      'illegal-mining',
      'food-drug-safety',
      'cultural-heritage',
      'state-owned-assets',
      'state-land-transfer',
    ],
  },
];

/** The business line police consultations at the ISCOs belong to (侦查监督: criminal cases). */
export const CONSULTATION_BUSINESS_LINE = 'criminal';
