// PRC resident identity number (公民身份号码), GB 11643-1999: 18 characters =
//   address code (6 digits, GB/T 2260 division, possibly a legacy code)
//   + birth date (8 digits, YYYYMMDD) + sequence code (3 digits, odd = male) + check character (0-9 or X).
// The check character is ISO 7064 MOD 11-2 over the first 17 digits.
//
// Division codes are reference data owned by the directory service, so this module never embeds them: the
// caller passes `isKnownDivision`, which must accept current AND legacy codes (e.g. 542223 -> 540522).
// Pure functions, no I/O; parsing never throws for bad user input.

import { isCalendarDate, shanghaiDate } from '@yiti/calendar';

export type Sex = 'male' | 'female';

export interface CitizenId {
  /** Normalised 18-character ID (surrounding whitespace removed, lowercase x -> X). */
  readonly value: string;
  /** Digits 1-6, exactly as carried by the ID (may be a legacy code; mapping is the directory's job). */
  readonly addressCode: string;
  /** Digits 7-14 as YYYY-MM-DD. */
  readonly birthDate: string;
  /** Digits 15-17. */
  readonly sequenceCode: string;
  /** From digit 17: odd = male, even = female. */
  readonly sex: Sex;
}

export type CitizenIdResult = { ok: true; id: CitizenId } | { ok: false; problems: string[] };

export const CITIZEN_ID_LENGTH = 18;
export const EARLIEST_BIRTH_DATE = '1900-01-01';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** Digits, optionally ending in X (length is checked separately). */
const SHAPE = /^\d*[\dX]?$/;

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits of an ID ('0'-'9' or 'X').
 * Meant for generators and tests; throws RangeError unless given exactly 17 ASCII digits.
 */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('checkDigit needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11]!;
}

/** Today's date (YYYY-MM-DD) in China Standard Time, where the IDs are issued. */
export function todayInChina(now: Date = new Date()): string {
  return shanghaiDate(now);
}

/**
 * Parses and validates an 18-character citizen ID. Returns every problem found, each prefixed with the part
 * it concerns ("length", "characters", "check digit", "address code", "birth date"). Problems never echo the
 * input. If length or characters are wrong, only those are reported (the other parts are meaningless then).
 *
 * @param today YYYY-MM-DD; birth dates after it are rejected. Defaults to today in China Standard Time.
 */
export function parseCitizenId(
  text: string,
  isKnownDivision: (code: string) => boolean,
  today: string = todayInChina(),
): CitizenIdResult {
  const value = String(text ?? '')
    .trim()
    .toUpperCase();
  const shapeProblems: string[] = [];
  if (value.length !== CITIZEN_ID_LENGTH) {
    shapeProblems.push(`length: must be ${CITIZEN_ID_LENGTH} characters, got ${value.length}`);
  }
  if (!SHAPE.test(value)) {
    shapeProblems.push('characters: must be 17 digits followed by a digit or X');
  }
  if (shapeProblems.length > 0) {
    return { ok: false, problems: shapeProblems };
  }

  const problems: string[] = [];
  if (checkDigit(value.slice(0, 17)) !== value[17]) {
    problems.push('check digit: does not match the first 17 digits (ISO 7064 MOD 11-2)');
  }

  const addressCode = value.slice(0, 6);
  if (!isKnownDivision(addressCode)) {
    problems.push('address code: not a known division (current or legacy)');
  }

  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const birthProblem = checkBirthDate(birthDate, today);
  if (birthProblem !== undefined) {
    problems.push(`birth date: ${birthProblem}`);
  }

  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const sequenceCode = value.slice(14, 17);
  const sex: Sex = (value.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, id: { value, addressCode, birthDate, sequenceCode, sex } };
}

function checkBirthDate(isoDate: string, today: string): string | undefined {
  if (!isRealDate(isoDate)) {
    return 'not a real calendar date';
  }
  if (isoDate < EARLIEST_BIRTH_DATE) {
    return `before ${EARLIEST_BIRTH_DATE}`;
  }
  if (isoDate > today) {
    return 'in the future';
  }
  return undefined;
}

/** True for a valid proleptic Gregorian YYYY-MM-DD date (leap years included). */
export function isRealDate(isoDate: string): boolean {
  return isCalendarDate(isoDate);
}

/**
 * Masks an ID for result lists: keeps the first 6 characters (the address code) and replaces the other 12 — the
 * birth date, the sequence code and the check character — with '*':
 *   540522199001011234 -> 540522************
 * Result lists show the birth date beside the masked ID (it tells same-name persons apart), so hiding only the
 * birth-date digits would give the whole ID away.
 * Input is trimmed and upper-cased first. Anything that is not 18 characters long is masked entirely (one '*'
 * per character), so malformed values never leak.
 */
export function maskCitizenId(value: string): string {
  const normalised = String(value ?? '')
    .trim()
    .toUpperCase();
  if (normalised.length !== CITIZEN_ID_LENGTH) {
    return '*'.repeat(normalised.length);
  }
  return `${normalised.slice(0, 6)}${'*'.repeat(12)}`;
}
