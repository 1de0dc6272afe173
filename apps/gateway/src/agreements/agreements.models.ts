import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.js';

export enum AgreementKind {
  RIVER_BASIN_PACT = 'RIVER_BASIN_PACT',
  COOPERATION_MECHANISM = 'COOPERATION_MECHANISM',
  INTER_AGENCY = 'INTER_AGENCY',
}
registerEnumType(AgreementKind, { name: 'AgreementKind' });

export enum AgreementStatus {
  DRAFT = 'DRAFT',
  CIRCULATING = 'CIRCULATING',
  IN_FORCE = 'IN_FORCE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AgreementStatus, {
  name: 'AgreementStatus',
  description:
    'CIRCULATING = waiting for the parties to sign (the first version, or an amendment while none is in force).',
});

@ObjectType('AgreementScope', { description: 'What an agreement covers; an empty list means all.' })
export class AgreementScopeModel {
  @Field(() => [String], { description: 'Business lines such as `criminal`.' })
  businessLines: string[];
  @Field(() => [String], { description: 'Case categories such as `ecology-resources`.' })
  caseCategories: string[];
  @Field(() => [String], {
    description: "Division codes covered, the basin's member divisions included (resolved when drafted).",
  })
  divisionCodes: string[];
  @Field(() => String, { nullable: true })
  basinCode: string | null;
}

@ObjectType('AgreementClause')
export class AgreementClauseModel {
  @Field(() => Int, { description: '1, 2, 3… without gaps.' })
  number: number;
  @Field()
  text: string;
}

@ObjectType('AgreementSettings', {
  description: 'Settings other services obey while the agreement is in force.',
})
export class AgreementSettingsModel {
  @Field(() => Int, { description: 'Working days within which the receiver acknowledges a transfer.' })
  acknowledgeWithinDays: number;
  @Field(() => Int, { description: 'Working days within which the receiver decides.' })
  decideWithinDays: number;
  @Field({ description: "Whether the parties may look up each other's offender records." })
  shareRecordsLookup: boolean;
}

@ObjectType('AgreementSignature')
export class AgreementSignatureModel {
  @Field({ description: 'The signing organization.' })
  orgCode: string;
  @Field({ description: 'Username of the chief prosecutor who signed.' })
  signer: string;
  @Field(() => DateTimeScalar, { description: 'RFC 3339.' })
  signedAt: string;
  @Field({ description: 'SHA-256 (hex) of the canonical text the signer signed.' })
  digest: string;
  @Field({ description: "False when the version's text no longer has that digest (changed after signing)." })
  valid: boolean;
}

@ObjectType('AgreementVersion', {
  description:
    'One version of an agreement: what every party signs. In the public summary (fullView false) only number, titles and term are filled; the rest is null or empty.',
})
export class AgreementVersionModel {
  @Field(() => Int)
  number: number;
  @Field()
  titleZh: string;
  @Field()
  titleEn: string;
  @Field(() => AgreementScopeModel, { nullable: true, description: 'null in the public summary.' })
  scope: AgreementScopeModel | null;
  @Field(() => [AgreementClauseModel], { description: 'Empty in the public summary.' })
  clauses: AgreementClauseModel[];
  @Field({ description: 'YYYY-MM-DD (Asia/Shanghai).' })
  effectiveFrom: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null when open-ended.' })
  effectiveTo: string | null;
  @Field(() => AgreementSettingsModel, { nullable: true, description: 'null in the public summary.' })
  settings: AgreementSettingsModel | null;
  @Field(() => String, {
    nullable: true,
    description:
      "SHA-256 (hex) of this version's canonical text: what `signAgreement` must be given. null in the public summary.",
  })
  digest: string | null;
  @Field(() => [AgreementSignatureModel], { description: 'Empty in the public summary.' })
  signatures: AgreementSignatureModel[];
  @Field(() => Boolean, {
    nullable: true,
    description: 'Every party has signed this version; null in the public summary.',
  })
  fullySigned: boolean | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null in the public summary.' })
  createdAt: string | null;
}

@ObjectType('Agreement', {
  description: 'A co-signed, versioned cooperation agreement or river-basin pact between organizations.',
})
export class AgreementModel {
  @Field()
  code: string;
  @Field(() => AgreementKind)
  kind: AgreementKind;
  @Field(() => AgreementStatus, { nullable: true, description: 'null in the public summary.' })
  status: AgreementStatus | null;
  @Field(() => [String], { description: 'Codes of the parties; `parties` resolves them.' })
  partyCodes: string[];
  @Field({ description: 'Any authenticated user may see the public summary.' })
  public: boolean;
  @Field({
    description:
      'True for parties and their superior procuratorates. False = public summary only: parties, and the title and term of the version in force (or last signed); no status, clauses, scope, settings or signatures.',
  })
  fullView: boolean;
  @Field({ description: 'Title of the newest version.' })
  titleZh: string;
  @Field({ description: 'Title of the newest version.' })
  titleEn: string;
  @Field(() => Int, { nullable: true, description: 'The version in force; null if none.' })
  inForceVersion: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'The newest version (it may still be circulating); null in the public summary.',
  })
  latestVersion: number | null;
  @Field(() => [AgreementVersionModel], {
    description: 'Newest first; the public summary has only the newest version.',
  })
  versions: AgreementVersionModel[];
  @Field({ description: 'Demonstration data.' })
  demo: boolean;
  @Field(() => String, { nullable: true, description: 'Why it was terminated; null unless TERMINATED.' })
  terminatedReason: string | null;
}

@ObjectType('ClauseChange')
export class ClauseChangeModel {
  @Field(() => Int)
  number: number;
  @Field({ description: '"added", "removed" or "changed".' })
  change: string;
  @Field(() => String, { nullable: true, description: 'null when the clause was added.' })
  before: string | null;
  @Field(() => String, { nullable: true, description: 'null when the clause was removed.' })
  after: string | null;
}

@ObjectType('FieldChange')
export class FieldChangeModel {
  @Field({ description: 'e.g. "effectiveTo", "settings.decideWithinDays", "scope.caseCategories".' })
  field: string;
  @Field()
  before: string;
  @Field()
  after: string;
}

@ObjectType('AgreementDiff', { description: 'What changed between two versions of an agreement.' })
export class AgreementDiffModel {
  @Field(() => [ClauseChangeModel])
  clauses: ClauseChangeModel[];
  @Field(() => [FieldChangeModel])
  fields: FieldChangeModel[];
}

@ObjectType('CoveringAgreement', {
  description: 'The version in force of an agreement covering a transfer, with the deadlines it sets.',
})
export class CoveringAgreementModel {
  @Field()
  code: string;
  @Field()
  titleZh: string;
  @Field(() => Int, { description: 'The version in force on the date asked about.' })
  version: number;
  @Field(() => AgreementSettingsModel)
  settings: AgreementSettingsModel;
  @Field()
  effectiveFrom: string;
  @Field(() => String, { nullable: true, description: 'null when open-ended.' })
  effectiveTo: string | null;
}
