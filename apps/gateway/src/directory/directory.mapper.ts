import {
  DivisionType as DivisionTypeMessage,
  OrganizationKind as OrganizationKindMessage,
  type AuditEntry,
  type Basin,
  type BusinessLine,
  type Division,
  type Organization,
} from '@yiti/contracts';
import {
  BasinModel,
  BusinessLineModel,
  DirectoryAuditEntryModel,
  DivisionModel,
  DivisionType,
  OrganizationKind,
  OrganizationModel,
} from './directory.models.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';

const KINDS: Record<OrganizationKindMessage, OrganizationKind | undefined> = {
  [OrganizationKindMessage.UNSPECIFIED]: undefined,
  [OrganizationKindMessage.PROCURATORATE]: OrganizationKind.PROCURATORATE,
  [OrganizationKindMessage.POLICE]: OrganizationKind.POLICE,
  [OrganizationKindMessage.ISCO]: OrganizationKind.ISCO,
  [OrganizationKindMessage.MILITARY]: OrganizationKind.MILITARY,
  [OrganizationKindMessage.SUPERVISION]: OrganizationKind.SUPERVISION,
  [OrganizationKindMessage.FIRE_RESCUE]: OrganizationKind.FIRE_RESCUE,
  [OrganizationKindMessage.COURT]: OrganizationKind.COURT,
};

const TYPES: Record<DivisionTypeMessage, DivisionType | undefined> = {
  [DivisionTypeMessage.UNSPECIFIED]: undefined,
  [DivisionTypeMessage.REGION]: DivisionType.REGION,
  [DivisionTypeMessage.CITY]: DivisionType.CITY,
  [DivisionTypeMessage.DISTRICT]: DivisionType.DISTRICT,
  [DivisionTypeMessage.COUNTY]: DivisionType.COUNTY,
  [DivisionTypeMessage.COUNTY_LEVEL_CITY]: DivisionType.COUNTY_LEVEL_CITY,
};

export function divisionTypeToMessage(type: DivisionType): DivisionTypeMessage {
  const entry = Object.entries(TYPES).find(([, v]) => v === type);
  return Number(entry?.[0] ?? 0) as DivisionTypeMessage;
}

export function kindToMessage(kind: OrganizationKind): OrganizationKindMessage {
  const entry = Object.entries(KINDS).find(([, v]) => v === kind);
  return Number(entry?.[0] ?? 0) as OrganizationKindMessage;
}

function known<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the directory sent an unknown ${what}`);
  return value;
}

export function toOrganizationModel(o: Organization): OrganizationModel {
  return {
    code: o.code,
    kind: known(KINDS[o.kind], 'organization kind'),
    nameZh: o.nameZh,
    nameEn: o.nameEn,
    divisionCode: o.divisionCode,
    cityCode: o.cityCode || null,
    superiorCode: o.superiorCode || null,
    active: o.active,
  };
}

export function toDivisionModel(d: Division): DivisionModel {
  return {
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    nameBo: d.nameBo,
    pinyin: d.pinyin,
    type: known(TYPES[d.type], 'division type'),
    parentCode: d.parentCode || null,
    legacyCodes: d.legacyCodes,
    onYarlungTsangpo: d.onYarlungTsangpo ?? null,
  };
}

export function toBasinModel(b: Basin): BasinModel {
  return { code: b.code, nameZh: b.nameZh, nameEn: b.nameEn, members: b.members.map(toDivisionModel) };
}

export function toBusinessLineModel(l: BusinessLine): BusinessLineModel {
  return {
    code: l.code,
    nameZh: l.nameZh,
    nameEn: l.nameEn,
    categories: l.categories.map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn })),
  };
}

export function toAuditEntryModel(e: AuditEntry): DirectoryAuditEntryModel {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    actorOrg: e.actorOrg,
    action: e.action,
    target: e.target,
    before: e.beforeJson,
    after: e.afterJson,
  };
}

/** An organization from the request's directory loader (batched); null if the directory does not know it. */
export async function organizationOf(
  code: string | null | undefined,
  ctx: GraphQLContext,
): Promise<OrganizationModel | null> {
  if (!code) return null;
  const found = await ctx.directory.organizations.load(code);
  return found ? toOrganizationModel(found) : null;
}
