import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum OrganizationKind {
  PROCURATORATE = 'PROCURATORATE',
  POLICE = 'POLICE',
  ISCO = 'ISCO',
  MILITARY = 'MILITARY',
  SUPERVISION = 'SUPERVISION',
  FIRE_RESCUE = 'FIRE_RESCUE',
  COURT = 'COURT',
}
registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description:
    'ISCO = 侦查监督与协作配合办公室 (investigation-supervision and cooperation office); SUPERVISION = 纪委监委; COURT = 人民法院.',
});

export enum DivisionType {
  REGION = 'REGION',
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  COUNTY = 'COUNTY',
  COUNTY_LEVEL_CITY = 'COUNTY_LEVEL_CITY',
}
registerEnumType(DivisionType, { name: 'DivisionType' });

@ObjectType('Division', { description: 'An administrative division (GB/T 2260), keyed by its current code.' })
export class DivisionModel {
  @Field()
  code: string;
  @Field()
  nameZh: string;
  @Field()
  nameEn: string;
  @Field({ description: 'Tibetan name; empty when not recorded.' })
  nameBo: string;
  @Field()
  pinyin: string;
  @Field(() => DivisionType)
  type: DivisionType;
  @Field(() => String, { nullable: true })
  parentCode: string | null;
  @Field(() => [String], { description: 'Codes older citizen IDs still carry (e.g. 542223 for 贡嘎县).' })
  legacyCodes: string[];
  @Field(() => Boolean, {
    nullable: true,
    description: 'On the Yarlung Tsangpo main stem; null when unverified.',
  })
  onYarlungTsangpo: boolean | null;
}

@ObjectType('DivisionLookup')
export class DivisionLookupModel {
  @Field(() => DivisionModel)
  division: DivisionModel;
  @Field({ description: 'True when the code asked for was a legacy code.' })
  matchedLegacyCode: boolean;
}

@ObjectType('Organization', {
  description: 'A procuratorate, police bureau, ISCO or partner agency: `<kind>-<division code>`.',
})
export class OrganizationModel {
  @Field()
  code: string;
  @Field(() => OrganizationKind)
  kind: OrganizationKind;
  @Field()
  nameZh: string;
  @Field()
  nameEn: string;
  @Field()
  divisionCode: string;
  @Field(() => String, { nullable: true })
  cityCode: string | null;
  @Field(() => String, { nullable: true, description: 'For a procuratorate: its superior procuratorate.' })
  superiorCode: string | null;
  @Field()
  active: boolean;
}

@ObjectType('Basin', { description: 'A river basin and its member divisions.' })
export class BasinModel {
  @Field()
  code: string;
  @Field()
  nameZh: string;
  @Field()
  nameEn: string;
  @Field(() => [DivisionModel])
  members: DivisionModel[];
}

@ObjectType('Me', { description: 'The caller, as the verified token says.' })
export class MeModel {
  @Field()
  username: string;
  @Field()
  organizationCode: string;
  @Field(() => [String])
  roles: string[];
}

@ObjectType('CaseCategory', { description: 'A case category (案件类别) of the code list.' })
export class CaseCategoryModel {
  @Field()
  code: string;
  @Field()
  nameZh: string;
  @Field()
  nameEn: string;
}

@ObjectType('BusinessLine', {
  description:
    'A business line (业务条线) with its case categories: the codes every transfer, pact and consultation uses.',
})
export class BusinessLineModel {
  @Field()
  code: string;
  @Field()
  nameZh: string;
  @Field()
  nameEn: string;
  @Field(() => [CaseCategoryModel], { description: 'A category may belong to several lines.' })
  categories: CaseCategoryModel[];
}

@ObjectType('DirectoryAuditEntry', { description: 'One change to the directory by an administrator.' })
export class DirectoryAuditEntryModel {
  @Field(() => ID)
  id: string;
  @Field({ description: 'RFC 3339.' })
  at: string;
  @Field({ description: 'The username of the administrator.' })
  actor: string;
  @Field()
  actorOrg: string;
  @Field({ description: 'e.g. `division.create`, `organization.update`, `basin.add-member`.' })
  action: string;
  @Field({ description: 'The code of the division, basin or organization changed.' })
  target: string;
  @Field(() => String, { description: 'JSON of the row before (`null` for a creation).' })
  before: string;
  @Field(() => String, { description: 'JSON of the row after.' })
  after: string;
}

@ObjectType('Person', {
  description: 'Someone who signs in to Yiti: pick invitees and attendees by name and organization.',
})
export class PersonModel {
  @Field({ description: 'Their username (what the meetings service records).' })
  username: string;
  @Field({ description: 'Their name as people write it, e.g. 卓玛次仁.' })
  displayName: string;
  @Field({ description: 'Code of their organization; `organization` resolves it.' })
  organizationCode: string;
  @Field(() => [String], {
    description: 'Their roles, e.g. prosecutor, chief-prosecutor, meeting-secretary.',
  })
  roles: string[];
}
