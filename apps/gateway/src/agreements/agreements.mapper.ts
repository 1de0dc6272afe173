import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  AgreementKind as AgreementKindMessage,
  AgreementStatus as AgreementStatusMessage,
  type Agreement,
  type AgreementVersion,
  type ClauseChange,
  type CoveringAgreement,
  type DiffVersionsResponse,
  type FieldChange,
  type Settings,
  type VersionContentSchema,
} from '@yiti/contracts';
import type { AgreementContentInput } from './agreements.inputs.js';
import {
  AgreementKind,
  AgreementStatus,
  type AgreementDiffModel,
  type AgreementModel,
  type AgreementSettingsModel,
  type AgreementVersionModel,
  type ClauseChangeModel,
  type CoveringAgreementModel,
  type FieldChangeModel,
} from './agreements.models.js';
import { orNullIfEmpty } from '../graphql/or-null.js';

const KINDS: Record<AgreementKindMessage, AgreementKind | undefined> = {
  [AgreementKindMessage.UNSPECIFIED]: undefined,
  [AgreementKindMessage.RIVER_BASIN_PACT]: AgreementKind.RIVER_BASIN_PACT,
  [AgreementKindMessage.COOPERATION_MECHANISM]: AgreementKind.COOPERATION_MECHANISM,
  [AgreementKindMessage.INTER_AGENCY]: AgreementKind.INTER_AGENCY,
};

const STATUSES: Record<AgreementStatusMessage, AgreementStatus | undefined> = {
  [AgreementStatusMessage.UNSPECIFIED]: undefined,
  [AgreementStatusMessage.DRAFT]: AgreementStatus.DRAFT,
  [AgreementStatusMessage.CIRCULATING]: AgreementStatus.CIRCULATING,
  [AgreementStatusMessage.IN_FORCE]: AgreementStatus.IN_FORCE,
  [AgreementStatusMessage.EXPIRED]: AgreementStatus.EXPIRED,
  [AgreementStatusMessage.TERMINATED]: AgreementStatus.TERMINATED,
};

/** The other direction, exhaustively: a new gateway enum value fails to compile here. */
const KIND_MESSAGES: Record<AgreementKind, AgreementKindMessage> = {
  [AgreementKind.RIVER_BASIN_PACT]: AgreementKindMessage.RIVER_BASIN_PACT,
  [AgreementKind.COOPERATION_MECHANISM]: AgreementKindMessage.COOPERATION_MECHANISM,
  [AgreementKind.INTER_AGENCY]: AgreementKindMessage.INTER_AGENCY,
};

const STATUS_MESSAGES: Record<AgreementStatus, AgreementStatusMessage> = {
  [AgreementStatus.DRAFT]: AgreementStatusMessage.DRAFT,
  [AgreementStatus.CIRCULATING]: AgreementStatusMessage.CIRCULATING,
  [AgreementStatus.IN_FORCE]: AgreementStatusMessage.IN_FORCE,
  [AgreementStatus.EXPIRED]: AgreementStatusMessage.EXPIRED,
  [AgreementStatus.TERMINATED]: AgreementStatusMessage.TERMINATED,
};

export function kindToMessage(kind: AgreementKind): AgreementKindMessage {
  return known(KIND_MESSAGES[kind], 'agreement kind', 'the gateway has');
}

export function statusToMessage(status: AgreementStatus): AgreementStatusMessage {
  return known(STATUS_MESSAGES[status], 'agreement status', 'the gateway has');
}

function known<T>(value: T | undefined, what: string, who = 'the agreements service sent'): T {
  if (value === undefined) throw new Error(`${who} an unknown ${what}`);
  return value;
}

export function toContentMessage(c: AgreementContentInput): MessageInitShape<typeof VersionContentSchema> {
  return {
    titleZh: c.titleZh,
    titleEn: c.titleEn,
    scope: {
      businessLines: c.scope.businessLines,
      caseCategories: c.scope.caseCategories,
      divisionCodes: c.scope.divisionCodes,
      basinCode: c.scope.basinCode ?? '',
    },
    clauses: c.clauses.map((cl) => ({ number: cl.number, text: cl.text })),
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo ?? '',
    settings: {
      acknowledgeWithinDays: c.settings.acknowledgeWithinDays,
      decideWithinDays: c.settings.decideWithinDays,
      shareRecordsLookup: c.settings.shareRecordsLookup,
    },
  };
}

function toSettingsModel(s: Settings): AgreementSettingsModel {
  return {
    acknowledgeWithinDays: s.acknowledgeWithinDays,
    decideWithinDays: s.decideWithinDays,
    shareRecordsLookup: s.shareRecordsLookup,
  };
}

/**
 * One version. In the public summary (`full` false) the service sends only number, titles and term: what it
 * left out is null or empty here, never a default that reads like a fact (e.g. fullySigned false).
 */
function toVersionModel(v: AgreementVersion, full: boolean): AgreementVersionModel {
  const c = v.content;
  const scope = full ? c?.scope : undefined;
  const settings = full ? c?.settings : undefined;
  return {
    number: v.number,
    titleZh: c?.titleZh ?? '',
    titleEn: c?.titleEn ?? '',
    scope: scope
      ? {
          businessLines: scope.businessLines,
          caseCategories: scope.caseCategories,
          divisionCodes: scope.divisionCodes,
          basinCode: orNullIfEmpty(scope.basinCode),
        }
      : null,
    clauses: (c?.clauses ?? []).map((cl) => ({ number: cl.number, text: cl.text })),
    effectiveFrom: c?.effectiveFrom ?? '',
    effectiveTo: orNullIfEmpty(c?.effectiveTo ?? ''),
    settings: settings ? toSettingsModel(settings) : null,
    digest: full ? v.digest : null,
    signatures: v.signatures.map((s) => ({
      orgCode: s.orgCode,
      signer: s.signer,
      signedAt: s.signedAt,
      digest: s.digest,
      valid: s.valid,
    })),
    fullySigned: full ? v.fullySigned : null,
    createdAt: full ? v.createdAt : null,
  };
}

export function toAgreementModel(a: Agreement): AgreementModel {
  const versions = a.versions.map((v) => toVersionModel(v, a.fullView));
  return {
    code: a.code,
    kind: known(KINDS[a.kind], 'agreement kind'),
    status: a.fullView ? known(STATUSES[a.status], 'agreement status') : null,
    partyCodes: a.partyCodes,
    public: a.public,
    fullView: a.fullView,
    titleZh: versions[0]?.titleZh ?? '',
    titleEn: versions[0]?.titleEn ?? '',
    inForceVersion: a.inForceVersion || null,
    latestVersion: a.fullView ? a.latestVersion : null,
    versions,
    demo: a.demo,
    terminatedReason: orNullIfEmpty(a.terminatedReason),
  };
}

function toClauseChangeModel(c: ClauseChange): ClauseChangeModel {
  return {
    number: c.number,
    change: c.change,
    before: c.change === 'added' ? null : c.before,
    after: c.change === 'removed' ? null : c.after,
  };
}

function toFieldChangeModel(f: FieldChange): FieldChangeModel {
  return { field: f.field, before: f.before, after: f.after };
}

export function toDiffModel(d: DiffVersionsResponse): AgreementDiffModel {
  return { clauses: d.clauses.map(toClauseChangeModel), fields: d.fields.map(toFieldChangeModel) };
}

export function toCoveringModel(c: CoveringAgreement): CoveringAgreementModel {
  if (!c.settings)
    throw new Error(`the agreements service sent covering agreement ${c.code} without settings`);
  return {
    code: c.code,
    titleZh: c.titleZh,
    version: c.version,
    settings: toSettingsModel(c.settings),
    effectiveFrom: c.effectiveFrom,
    effectiveTo: orNullIfEmpty(c.effectiveTo),
  };
}
