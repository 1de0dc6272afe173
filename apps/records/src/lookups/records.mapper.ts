import { NameScript, Sex, type PersonDetail, type PersonSummary } from '@yiti/contracts';
import { create } from '@bufbuild/protobuf';
import { ConvictionSchema, PersonDetailSchema, PersonNameSchema, PersonSummarySchema } from '@yiti/contracts';
import { maskCitizenId } from '../identity/citizen-id.js';
import type { DetailRow, PersonRow } from './record-queries.js';

const SEX = { male: Sex.MALE, female: Sex.FEMALE } as const;
const SCRIPT = {
  han: NameScript.HAN,
  tibetan: NameScript.TIBETAN,
  latin: NameScript.LATIN,
  mixed: NameScript.MIXED,
} as const;

/** A person in a result list: the citizen ID masked (the birth date digits hidden). */
export function toSummary(
  row: PersonRow,
  match: { score: number; reason: string; matchedName: string },
): PersonSummary {
  return create(PersonSummarySchema, {
    personId: row.id,
    maskedCitizenId: maskCitizenId(row.citizen_id),
    names: row.names,
    sex: SEX[row.sex],
    birthDate: row.birth_date,
    householdDivision: row.household_division,
    holderOrg: row.holder_org,
    convictionCount: row.conviction_count,
    score: match.score,
    matchReason: match.reason,
    matchedName: match.matchedName,
  });
}

/** One person in full: what a second, audited request for that person shows. */
export function toDetail(found: DetailRow): PersonDetail {
  const p = found.person;
  return create(PersonDetailSchema, {
    personId: p.id,
    citizenId: p.citizen_id,
    names: found.names.map((n) =>
      create(PersonNameSchema, { name: n.name, script: SCRIPT[n.script], alias: n.is_alias }),
    ),
    sex: SEX[p.sex],
    birthDate: p.birth_date,
    householdDivision: p.household_division,
    holderOrg: p.holder_org,
    convictions: found.convictions.map((c) =>
      create(ConvictionSchema, {
        id: c.id,
        court: c.court,
        judgmentNumber: c.judgment_number,
        judgmentDate: c.judgment_date,
        offence: c.offence,
        sentence: c.sentence,
        sealed: c.sealed,
        holderOrg: c.holder_org,
      }),
    ),
  });
}
