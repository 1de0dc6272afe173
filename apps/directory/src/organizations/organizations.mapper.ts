import { create } from '@bufbuild/protobuf';
import {
  OrganizationKind,
  OrganizationSchema,
  type Organization as OrganizationMessage,
} from '@yiti/contracts';
import type { OrganizationKindCode } from './organization.entity.js';

/** A row of the organization read query (organizations.service.ts), superior and city already resolved. */
export interface OrganizationRow {
  code: string;
  kind: OrganizationKindCode;
  division_code: string;
  name_zh: string;
  name_en: string;
  active: boolean;
  city_code: string | null;
  superior_code: string | null;
}

const KIND_TO_MESSAGE: Record<OrganizationKindCode, OrganizationKind> = {
  proc: OrganizationKind.PROCURATORATE,
  police: OrganizationKind.POLICE,
  isco: OrganizationKind.ISCO,
  military: OrganizationKind.MILITARY,
  supervision: OrganizationKind.SUPERVISION,
  'fire-rescue': OrganizationKind.FIRE_RESCUE,
  court: OrganizationKind.COURT,
};

export function kindCodeOf(kind: OrganizationKind): OrganizationKindCode | undefined {
  return (Object.keys(KIND_TO_MESSAGE) as OrganizationKindCode[]).find((k) => KIND_TO_MESSAGE[k] === kind);
}

export function toOrganizationMessage(row: OrganizationRow): OrganizationMessage {
  return create(OrganizationSchema, {
    code: row.code,
    kind: KIND_TO_MESSAGE[row.kind],
    nameZh: row.name_zh,
    nameEn: row.name_en,
    divisionCode: row.division_code.trim(),
    cityCode: row.city_code?.trim() ?? '',
    superiorCode: row.superior_code ?? '',
    active: row.active,
  });
}
