import { create } from '@bufbuild/protobuf';
import {
  AgreementKind,
  AgreementSchema,
  AgreementVersionSchema,
  VersionContentSchema,
  type Agreement as AgreementMessage,
  type AgreementVersion as AgreementVersionMessage,
} from '@yiti/contracts';
import type { Agreement, AgreementKindCode } from './agreement.entity.js';
import type { AgreementVersion } from './agreement-version.entity.js';
import { versionDigest } from './canonical.js';
import { statusOf, versionInForce, type VersionDates } from './lifecycle.js';
import type { Signature } from './signature.entity.js';

/** An agreement with all its versions and signatures, as loaded for reading or changing. */
export interface LoadedAgreement {
  agreement: Agreement;
  versions: AgreementVersion[];
  signatures: Signature[];
}

const KINDS: Record<AgreementKindCode, AgreementKind> = {
  'river-basin-pact': AgreementKind.RIVER_BASIN_PACT,
  'cooperation-mechanism': AgreementKind.COOPERATION_MECHANISM,
  'inter-agency': AgreementKind.INTER_AGENCY,
};

export function kindCodeOf(kind: AgreementKind): AgreementKindCode | undefined {
  return (Object.keys(KINDS) as AgreementKindCode[]).find((k) => KINDS[k] === kind);
}

export function versionDates(loaded: LoadedAgreement): VersionDates[] {
  return loaded.versions.map((v) => ({
    number: v.number,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    fullySigned: v.fullySignedAt !== null,
  }));
}

function toVersionMessage(loaded: LoadedAgreement, v: AgreementVersion): AgreementVersionMessage {
  const { agreement } = loaded;
  const digest = versionDigest(
    { code: agreement.code, kind: agreement.kind, partyCodes: agreement.partyCodes, number: v.number },
    v.content,
  );
  return create(AgreementVersionSchema, {
    number: v.number,
    content: v.content,
    digest,
    fullySigned: v.fullySignedAt !== null,
    createdAt: v.createdAt.toISOString(),
    signatures: loaded.signatures
      .filter((s) => s.version === v.number)
      .map((s) => ({
        orgCode: s.orgCode,
        signer: s.signer,
        signedAt: s.signedAt.toISOString(),
        digest: s.digest,
        valid: s.digest === digest,
      })),
  });
}

/**
 * The agreement as `viewerOrg` may see it: everything for a party or a superior of one; for anyone else a
 * public pact shows only its title, parties and term.
 */
export function toAgreementMessage(
  loaded: LoadedAgreement,
  viewerOrg: string,
  today: string,
): AgreementMessage {
  const { agreement } = loaded;
  const dates = versionDates(loaded);
  const versions = [...loaded.versions].sort((a, b) => b.number - a.number);
  const full = agreement.visibleTo.includes(viewerOrg);
  const inForce = versionInForce(dates, today)?.number ?? 0;
  if (!full) return publicSummary(loaded, inForce);
  return create(AgreementSchema, {
    code: agreement.code,
    kind: KINDS[agreement.kind],
    status: statusOf(agreement.state, dates, today),
    partyCodes: agreement.partyCodes,
    public: agreement.public,
    fullView: true,
    inForceVersion: inForce,
    latestVersion: versions[0]?.number ?? 0,
    demo: agreement.demo,
    terminatedReason: agreement.terminatedReason ?? '',
    versions: versions.map((v) => toVersionMessage(loaded, v)),
  });
}

/**
 * What anyone may see of a public pact: its parties and the title and term of the version in force (or the
 * last one every party signed) — not its status, proposals still circulating, clauses, scope or signatures.
 */
function publicSummary(loaded: LoadedAgreement, inForce: number): AgreementMessage {
  const { agreement } = loaded;
  const signed = loaded.versions.filter((v) => v.fullySignedAt).sort((a, b) => b.number - a.number);
  const shown = loaded.versions.find((v) => v.number === inForce) ?? signed[0];
  return create(AgreementSchema, {
    code: agreement.code,
    kind: KINDS[agreement.kind],
    partyCodes: agreement.partyCodes,
    public: agreement.public,
    fullView: false,
    versions: shown
      ? [
          {
            number: shown.number,
            content: create(VersionContentSchema, {
              titleZh: shown.content.titleZh,
              titleEn: shown.content.titleEn,
              effectiveFrom: shown.content.effectiveFrom,
              effectiveTo: shown.content.effectiveTo,
            }),
          },
        ]
      : [],
  });
}
