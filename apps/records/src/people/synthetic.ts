// Deterministic generator of SYNTHETIC persons and convictions for development, tests and benchmarks.
// Everything here is made up from small word lists and a seeded PRNG: no real personal data. Every row the
// loader writes is marked synthetic = true.
//
// Division codes are reference data owned by the directory service; the caller passes them in (the
// records:generate tool and the demonstration data pass @yiti/reference's), this module does no I/O.
import { checkDigit, type Sex } from '../identity/citizen-id.js';
import type { NameScript } from '../names/name-keys.js';
import { TIBETAN_NAME_PARTS, type NamePartEntry } from '../names/tibetan-name-parts.js';

/** A county-level division with the legacy codes that older citizen IDs still carry. */
export interface DivisionRef {
  readonly code: string;
  readonly legacyCodes: readonly string[];
  readonly zh: string;
  readonly procuratorate: string;
  readonly formerName?: { readonly zh: string; readonly until: string };
}

export interface SyntheticName {
  readonly name: string;
  readonly script: NameScript;
  readonly isAlias: boolean;
}

export interface SyntheticConviction {
  readonly id: string;
  readonly court: string;
  readonly judgmentNumber: string;
  /** YYYY-MM-DD */
  readonly judgmentDate: string;
  readonly offence: string;
  readonly sentence: string;
  readonly sealed: boolean;
  readonly holderOrg: string;
}

export interface SyntheticPerson {
  readonly id: string;
  readonly citizenId: string;
  readonly sex: Sex;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  /** Current division code (a legacy ID prefix is mapped to today's code). */
  readonly householdDivision: string;
  readonly holderOrg: string;
  /** names[0] is the primary name; the rest are aliases. */
  readonly names: readonly SyntheticName[];
  readonly convictions: readonly SyntheticConviction[];
}

export interface SyntheticOptions {
  readonly seed: number;
  /** County-level divisions (at least one). */
  readonly divisions: readonly DivisionRef[];
  /** Name of the intermediate court; default 山南市中级人民法院. */
  readonly intermediateCourt?: string;
  /** Two-digit prefix in judgment numbers of the intermediate court (藏05); default '05'. */
  readonly intermediateCourtCode?: string;
  /** Share of persons with convictions; default 0.3. */
  readonly convictedShare?: number;
}

export const BIRTH_YEAR_MIN = 1940;
export const BIRTH_YEAR_MAX = 2008;
/** Judgments are generated up to this date (fixed, so output does not depend on the clock). */
export const LAST_JUDGMENT_DATE = '2025-12-31';
const FIRST_JUDGMENT_YEAR = 1985;

/** mulberry32: small, fast, good enough for test data. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads the county-level divisions of one city out of the reference JSON (cities[].divisions[]). */
export function divisionsFromReference(reference: unknown, cityCode = '540500'): DivisionRef[] {
  const cities = (reference as { cities?: unknown }).cities;
  if (!Array.isArray(cities)) throw new Error('division reference: no "cities" array');
  const city = cities.find((c: { code?: unknown }) => c?.code === cityCode) as
    { divisions?: unknown } | undefined;
  if (!city || !Array.isArray(city.divisions)) throw new Error(`division reference: no city ${cityCode}`);
  const out = city.divisions.map((d: Record<string, unknown>): DivisionRef => {
    const code = d['code'];
    const legacy = d['legacyCodes'] ?? [];
    const zh = d['zh'];
    const procuratorate = d['procuratorate'];
    if (
      typeof code !== 'string' ||
      !/^\d{6}$/.test(code) ||
      !Array.isArray(legacy) ||
      !legacy.every((l) => typeof l === 'string' && /^\d{6}$/.test(l)) ||
      typeof zh !== 'string' ||
      typeof procuratorate !== 'string'
    ) {
      throw new Error(`division reference: malformed division ${JSON.stringify(d).slice(0, 200)}`);
    }
    const former = d['formerName'] as { zh?: unknown; until?: unknown } | undefined;
    return {
      code,
      legacyCodes: legacy as string[],
      zh,
      procuratorate,
      ...(former && typeof former.zh === 'string' && typeof former.until === 'string'
        ? { formerName: { zh: former.zh, until: former.until } }
        : {}),
    };
  });
  if (out.length === 0) throw new Error(`division reference: city ${cityCode} has no divisions`);
  return out;
}

/** Every code (current and legacy) a citizen ID of these divisions may start with. */
export function knownDivisionCodes(divisions: readonly DivisionRef[]): Set<string> {
  return new Set(divisions.flatMap((d) => [d.code, ...d.legacyCodes]));
}

/** The holder organisation of records of a division: its county-level procuratorate. */
export const holderOrgOf = (divisionCode: string): string => `proc-${divisionCode}`;

const HAN_SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'];
const HAN_GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红波宇浩鹏飞晓婷雪琳斌毅'];

interface OffenceTemplate {
  readonly offence: string;
  readonly weight: number;
  readonly sentences: readonly string[];
}

const OFFENCES: readonly OffenceTemplate[] = [
  {
    offence: '盗窃罪',
    weight: 30,
    sentences: [
      '拘役四个月，并处罚金人民币二千元',
      '有期徒刑六个月，并处罚金人民币三千元',
      '有期徒刑一年，并处罚金人民币五千元',
      '有期徒刑三年，缓刑四年，并处罚金人民币一万元',
    ],
  },
  {
    offence: '故意伤害罪',
    weight: 20,
    sentences: ['有期徒刑八个月', '有期徒刑一年六个月', '有期徒刑三年', '有期徒刑二年，缓刑三年'],
  },
  {
    offence: '危险驾驶罪',
    weight: 20,
    sentences: [
      '拘役一个月，并处罚金人民币二千元',
      '拘役二个月，并处罚金人民币三千元',
      '拘役三个月，缓刑四个月，并处罚金人民币五千元',
    ],
  },
  {
    offence: '非法采矿罪',
    weight: 6,
    sentences: ['有期徒刑一年，并处罚金人民币二万元', '有期徒刑三年，缓刑三年，并处罚金人民币五万元'],
  },
  {
    offence: '寻衅滋事罪',
    weight: 8,
    sentences: ['有期徒刑十个月', '有期徒刑一年二个月'],
  },
  {
    offence: '交通肇事罪',
    weight: 6,
    sentences: ['有期徒刑一年，缓刑一年六个月', '有期徒刑二年'],
  },
  {
    offence: '诈骗罪',
    weight: 5,
    sentences: ['有期徒刑一年，并处罚金人民币一万元', '有期徒刑四年，并处罚金人民币三万元'],
  },
  {
    offence: '非法狩猎罪',
    weight: 3,
    sentences: ['拘役六个月', '有期徒刑一年，缓刑一年'],
  },
  {
    offence: '聚众斗殴罪',
    weight: 2,
    sentences: ['有期徒刑三年', '有期徒刑三年六个月'],
  },
];
const OFFENCE_WEIGHT = OFFENCES.reduce((s, o) => s + o.weight, 0);

/** Zipf-like weights over the part table (its first parts are the common ones: 扎西, 次仁, 卓玛 …). */
function cumulativeWeights(n: number, exponent: number): Float64Array {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** exponent;
    cumulative[i] = sum;
  }
  for (let i = 0; i < n; i++) cumulative[i]! /= sum;
  return cumulative;
}

const DAY_MS = 86_400_000;
const isoOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOfIso = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/**
 * Generates persons one after another; the same options give the same sequence. Citizen IDs are unique
 * within one generator (the sequence code is bumped on collision).
 */
export class SyntheticPeople {
  private readonly random: () => number;
  private readonly divisions: readonly DivisionRef[];
  private readonly parts: readonly NamePartEntry[];
  private readonly partWeights: Float64Array;
  private readonly intermediateCourt: string;
  private readonly intermediateCourtCode: string;
  private readonly convictedShare: number;
  /** (address code index, birth day, sequence) as one number per issued ID. */
  private readonly issued = new Set<number>();
  private readonly addressCodes: readonly { code: string; division: DivisionRef; legacy: boolean }[];
  private readonly firstBirthDay = dayOfIso(`${BIRTH_YEAR_MIN}-01-01`);
  private readonly lastBirthDay = dayOfIso(`${BIRTH_YEAR_MAX}-12-31`);
  private readonly lastJudgmentDay = dayOfIso(LAST_JUDGMENT_DATE);

  constructor(options: SyntheticOptions) {
    if (options.divisions.length === 0) throw new Error('SyntheticPeople needs at least one division');
    this.random = mulberry32(options.seed);
    this.divisions = options.divisions;
    this.parts = TIBETAN_NAME_PARTS;
    this.partWeights = cumulativeWeights(this.parts.length, 1);
    this.intermediateCourt = options.intermediateCourt ?? '山南市中级人民法院';
    this.intermediateCourtCode = options.intermediateCourtCode ?? '05';
    this.convictedShare = options.convictedShare ?? 0.3;
    this.addressCodes = options.divisions.flatMap((division) => [
      { code: division.code, division, legacy: false },
      ...division.legacyCodes.map((code) => ({ code, division, legacy: true })),
    ]);
  }

  next(): SyntheticPerson {
    const r = this.random;
    const division = this.pick(this.divisions);
    const birthDay = this.firstBirthDay + Math.floor(r() * (this.lastBirthDay - this.firstBirthDay + 1));
    const birthDate = isoOfDay(birthDay);
    // IDs issued before 2016 carry the 5422xx codes of 山南地区; most people born before then still hold one.
    const legacyCodes = this.addressCodes.filter((a) => a.division === division && a.legacy);
    const useLegacy = legacyCodes.length > 0 && r() < 0.45;
    const address = useLegacy
      ? this.pick(legacyCodes)
      : this.addressCodes.find((a) => a.division === division && !a.legacy)!;
    const sex: Sex = r() < 0.5 ? 'male' : 'female';
    const citizenId = this.issueId(address.code, birthDay, birthDate, sex);
    const tibetan = r() < 0.78;
    const names = tibetan ? this.tibetanNames() : this.hanNames();
    const id = this.uuid();
    const holderOrg = holderOrgOf(division.code);
    const convictions: SyntheticConviction[] = [];
    if (r() < this.convictedShare) {
      const count = r() < 0.8 ? 1 : r() < 0.75 ? 2 : 3;
      for (let i = 0; i < count; i++) {
        const conviction = this.conviction(division, birthDay, i === 0);
        if (conviction) convictions.push(conviction);
      }
    }
    return {
      id,
      citizenId,
      sex,
      birthDate,
      householdDivision: division.code,
      holderOrg,
      names,
      convictions,
    };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private uuid(): string {
    const hex = (n: number): string =>
      (Math.floor(this.random() * 2 ** 32) >>> 0).toString(16).padStart(n, '0');
    const a = hex(8);
    const b = hex(8);
    const c = hex(8);
    const d = hex(8);
    const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }

  private issueId(addressCode: string, birthDay: number, birthDate: string, sex: Sex): string {
    const addressIndex = this.addressCodes.findIndex((a) => a.code === addressCode);
    // Sequence codes 001-999; odd for men, even for women.
    let sequence = 1 + Math.floor(this.random() * 499) * 2 + (sex === 'male' ? 0 : 1);
    for (let tries = 0; ; tries++) {
      const token = (addressIndex * 40_000 + (birthDay - this.firstBirthDay)) * 1000 + sequence;
      if (!this.issued.has(token)) {
        this.issued.add(token);
        break;
      }
      if (tries > 500) throw new Error(`citizen IDs exhausted for ${addressCode} ${birthDate}`);
      sequence = sequence + 2 > 999 ? (sex === 'male' ? 1 : 2) : sequence + 2;
    }
    const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
    return first17 + checkDigit(first17);
  }

  private namePart(): NamePartEntry {
    const x = this.random();
    let lo = 0;
    let hi = this.partWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.partWeights[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.parts[lo]!;
  }

  /** Mostly the first (standard) Chinese spelling, sometimes a variant — so variants occur in the data. */
  private hanSpelling(part: NamePartEntry): string {
    if (part.han.length === 1 || this.random() < 0.6) return part.han[0]!;
    return this.pick(part.han.slice(1));
  }

  private tibetanNames(): SyntheticName[] {
    const r = this.random;
    const partCount = r() < 0.85 ? 2 : 1;
    const parts: NamePartEntry[] = [];
    while (parts.length < partCount) {
      const p = this.namePart();
      if (!parts.includes(p)) parts.push(p);
    }
    const primary = parts.map((p) => this.hanSpelling(p)).join('');
    const names: SyntheticName[] = [{ name: primary, script: 'han', isAlias: false }];
    if (r() < 0.35) {
      const kind = r();
      if (kind < 0.4) {
        // Another Chinese spelling (as written on an older document).
        const other = parts
          .map((p) => (p.han.length > 1 ? this.pick(p.han.filter((h) => h !== p.han[0])) : p.han[0]!))
          .join('');
        if (other !== primary) names.push({ name: other, script: 'han', isAlias: true });
      } else if (kind < 0.7 && parts.every((p) => p.tibetan.length > 0)) {
        names.push({
          name: parts.map((p) => p.tibetan[0]!).join('\u0F0B'),
          script: 'tibetan',
          isAlias: true,
        });
      } else {
        const latin = parts
          .map((p) => {
            const spelling = r() < 0.6 ? p.key : this.pick([p.key, ...p.latin, ...p.official]);
            return spelling[0]!.toUpperCase() + spelling.slice(1);
          })
          .join(' ');
        names.push({ name: latin, script: 'latin', isAlias: true });
      }
    }
    return names;
  }

  private hanNames(): SyntheticName[] {
    const r = this.random;
    const surname = this.pick(HAN_SURNAMES);
    const given = r() < 0.6 ? this.pick(HAN_GIVEN) + this.pick(HAN_GIVEN) : this.pick(HAN_GIVEN);
    const names: SyntheticName[] = [{ name: surname + given, script: 'han', isAlias: false }];
    if (r() < 0.05) {
      // A former name (曾用名).
      const former = surname + this.pick(HAN_GIVEN) + (r() < 0.5 ? this.pick(HAN_GIVEN) : '');
      if (former !== names[0]!.name) names.push({ name: former, script: 'han', isAlias: true });
    }
    return names;
  }

  /**
   * One effective judgment. About 5% of first convictions of people young enough are juvenile ones (judged
   * at 14-17, sealed under CPL art. 286); adult judgments come at 18 or later. Null when no date fits.
   */
  private conviction(division: DivisionRef, birthDay: number, first: boolean): SyntheticConviction | null {
    const r = this.random;
    const firstDay = dayOfIso(`${FIRST_JUDGMENT_YEAR}-01-01`);
    const age = (years: number): number => birthDay + Math.round(years * 365.25);
    const juvenileFrom = Math.max(firstDay, age(14.5));
    const juvenileTo = Math.min(this.lastJudgmentDay, age(18) - 1);
    const adultFrom = Math.max(firstDay, age(18.5));
    const adultTo = this.lastJudgmentDay;
    const canJuvenile = first && juvenileFrom <= juvenileTo;
    const canAdult = adultFrom <= adultTo;
    let sealed: boolean;
    if (canJuvenile && (!canAdult || r() < 0.05)) sealed = true;
    else if (canAdult) sealed = false;
    else return null;
    const [from, to] = sealed ? [juvenileFrom, juvenileTo] : [adultFrom, adultTo];
    const day = from + Math.floor(r() * (to - from + 1));
    const judgmentDate = isoOfDay(day);
    const year = Number(judgmentDate.slice(0, 4));

    let x = r() * OFFENCE_WEIGHT;
    let template = OFFENCES[0]!;
    for (const o of OFFENCES) {
      x -= o.weight;
      if (x < 0) {
        template = o;
        break;
      }
    }
    const sentence = this.pick(template.sentences);
    const serial = 1 + Math.floor(r() ** 2 * 300);
    // Serious cases (and some others) are tried at first instance by the intermediate court.
    const intermediate = template.offence === '诈骗罪' ? r() < 0.3 : r() < 0.08;
    let court: string;
    let judgmentNumber: string;
    if (year >= 2016) {
      // Case numbers under the 2016 SPC rules: （年份）藏 + court code + 刑初 + serial + 号.
      court = intermediate
        ? this.intermediateCourt
        : division.procuratorate.replace(/人民检察院$/, '人民法院');
      if (!intermediate && division.formerName && year < Number(division.formerName.until)) {
        court = `${division.formerName.zh}人民法院`;
      }
      const courtCode = intermediate ? this.intermediateCourtCode : division.code.slice(2);
      judgmentNumber = `（${year}）藏${courtCode}刑初${serial}号`;
    } else {
      // Before 2016: 山南地区, and the older 字第 numbering.
      const countyName = division.formerName?.zh ?? division.zh;
      court = intermediate ? '山南地区中级人民法院' : `${countyName}人民法院`;
      judgmentNumber = intermediate
        ? `（${year}）山中刑初字第${serial}号`
        : `（${year}）${countyName[0]}刑初字第${serial}号`;
    }
    return {
      id: this.uuid(),
      court,
      judgmentNumber,
      judgmentDate,
      offence: template.offence,
      sentence,
      sealed,
      holderOrg: holderOrgOf(division.code),
    };
  }
}
