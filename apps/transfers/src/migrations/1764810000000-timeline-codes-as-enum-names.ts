import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored codes of return reasons and objection grounds (columns `return_reason`, `objection_grounds`),
 * and the enum value names timeline steps carry for them from now on (as the GraphQL enums spell them).
 */
const CODES: ReadonlyArray<readonly [string, string]> = [
  ['not-our-jurisdiction', 'NOT_OUR_JURISDICTION'],
  ['incomplete-materials', 'INCOMPLETE_MATERIALS'],
  ['duplicate', 'DUPLICATE'],
  ['sender-has-jurisdiction', 'SENDER_HAS_JURISDICTION'],
  ['third-party-has-jurisdiction', 'THIRD_PARTY_HAS_JURISDICTION'],
  ['outside-pact-scope', 'OUTSIDE_PACT_SCOPE'],
  ['facts-disputed', 'FACTS_DISPUTED'],
  ['other', 'OTHER'],
];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Timeline steps stored a return reason or objection grounds in its column spelling (`sender-has-jurisdiction`)
 * while every other step code, the events and the GraphQL schema use the enum value name
 * (`SENDER_HAS_JURISDICTION`): the stored steps are converted. Overdue (`ACKNOWLEDGE`), consultation
 * (`RECEIVER_ACCEPTS`) and designation codes (an organization code) are not among these values and stay.
 */
export class TimelineCodesAsEnumNames1764810000000 implements MigrationInterface {
  name = 'TimelineCodesAsEnumNames1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "transfers"."transfer_step" SET "code" = upper(replace("code", '-', '_'))
        WHERE "code" IN (${list(CODES.map(([stored]) => stored))})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "transfers"."transfer_step" SET "code" = lower(replace("code", '_', '-'))
        WHERE "code" IN (${list(CODES.map(([, name]) => name))})`,
    );
  }
}
