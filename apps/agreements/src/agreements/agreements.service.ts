import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AGREEMENT_CODE,
  IDEMPOTENCY_KEY,
  AgreementStatus,
  MAX_PARTIES,
  ORGANIZATION_CODE,
  type Agreement as AgreementMessage,
  type AmendAgreementRequest,
  type CreateAgreementRequest,
  type ReviseDraftRequest,
  type RenewAgreementRequest,
  type SignAgreementRequest,
  VersionContentSchema,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { claimIdempotencyKey, isUniqueViolation } from '@yiti/persistence';
import { AGREEMENTS_SCHEMA } from '../agreements.config.js';
import { Agreement } from './agreement.entity.js';
import { AgreementVersion, type VersionContentJson } from './agreement-version.entity.js';
import { AgreementEventsOutbox } from './agreement-events.js';
import { AgreementErrors } from './agreements.errors.js';
import { kindCodeOf, toAgreementMessage, versionDates, type LoadedAgreement } from './agreements.mapper.js';
import { AgreementsRepository } from './agreements.repository.js';
import { versionDigest } from './canonical.js';
import { checkedContent } from './content.js';
import { DirectoryLookup } from './directory-lookup.js';
import { announceDue } from './announcements.js';
import { statusOf, todayInShanghai } from './lifecycle.js';
import { Signature } from './signature.entity.js';

const STATUS_WORDS: Record<AgreementStatus, string> = {
  [AgreementStatus.UNSPECIFIED]: 'unknown',
  [AgreementStatus.DRAFT]: 'a draft',
  [AgreementStatus.CIRCULATING]: 'circulating',
  [AgreementStatus.IN_FORCE]: 'in force',
  [AgreementStatus.EXPIRED]: 'expired',
  [AgreementStatus.TERMINATED]: 'terminated',
};

interface IdempotentRequest {
  operation: string;
  key: string;
  request: unknown;
}

function checkIdempotencyKey(key: string): void {
  inputCheck()
    .that(
      'idempotencyKey',
      key === '' || IDEMPOTENCY_KEY.test(key),
      'must be 8-128 of A-Z, a-z, 0-9, _ and -',
    )
    .done();
}

/**
 * Every change to an agreement, each in one transaction with the agreement row locked and its event written
 * to the outbox in the same transaction. Callers' roles are checked by the controller; whether the caller's
 * organization is a party is checked here.
 */
@Injectable()
export class AgreementsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AgreementsRepository) private readonly repository: AgreementsRepository,
    @Inject(DirectoryLookup) private readonly directory: DirectoryLookup,
    @Inject(AgreementEventsOutbox) private readonly events: AgreementEventsOutbox,
  ) {}

  async create(request: CreateAgreementRequest, call: RpcCall): Promise<AgreementMessage> {
    const kind = kindCodeOf(request.kind);
    const parties = [...new Set(request.partyCodes)].sort();
    inputCheck()
      .matches('code', request.code, AGREEMENT_CODE, 'must be 3-63 lowercase letters, digits or dashes')
      .that('kind', kind !== undefined, 'is required')
      .that(
        'partyCodes',
        parties.every((p) => ORGANIZATION_CODE.test(p)),
        'must be organization codes',
      )
      .that('partyCodes', parties.length <= MAX_PARTIES, `must list at most ${MAX_PARTIES} organizations`)
      .done();
    checkIdempotencyKey(request.idempotencyKey);
    if (parties.length < 2) throw AgreementErrors.tooFewParties();
    if (!parties.includes(call.principal.org)) throw AgreementErrors.callerNotAParty();
    const content = await this.resolveScope(checkedContent(request.content), call.token);
    const visibleTo = await this.directory.partiesAndSuperiors(parties, call.token);
    try {
      await this.dataSource.transaction(async (manager) => {
        const key = { operation: 'agreement.create', key: request.idempotencyKey, request };
        if (await this.alreadyDone(manager, key, call)) return;
        await manager.getRepository(Agreement).insert({
          code: request.code,
          kind: kind!,
          state: 'draft',
          partyCodes: parties,
          visibleTo,
          createdBy: call.principal.username,
        });
        await manager.getRepository(AgreementVersion).insert(this.versionRow(request.code, 1, content, call));
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw AgreementErrors.alreadyExists(request.code);
      }
      throw err;
    }
    return this.view(request.code, call);
  }

  /** A draft's text may change freely until it circulates. */
  async reviseDraft(request: ReviseDraftRequest, call: RpcCall): Promise<AgreementMessage> {
    const content = await this.resolveScope(checkedContent(request.content), call.token);
    return this.change(request.code, call, 'revised', ['draft'], async (manager, loaded) => {
      await manager
        .getRepository(AgreementVersion)
        .update(
          { agreementCode: loaded.agreement.code, number: 1 },
          this.versionRow(loaded.agreement.code, 1, content, call),
        );
    });
  }

  async circulate(code: string, call: RpcCall): Promise<AgreementMessage> {
    return this.change(code, call, 'circulated', ['draft'], async (manager, loaded) => {
      await manager.getRepository(Agreement).update({ code }, { state: 'active' });
      loaded.agreement.state = 'active';
      await this.events.append(manager, 'circulated', loaded, 1, call.principal);
    });
  }

  async sign(request: SignAgreementRequest, call: RpcCall): Promise<AgreementMessage> {
    inputCheck()
      .that('version', request.version >= 1, 'must be a version number')
      .matches('digest', request.digest, /^[0-9a-fA-F]{64}$/, 'must be a SHA-256 digest in hex')
      .done();
    return this.change(request.code, call, 'signed', ['active'], async (manager, loaded) => {
      const { agreement } = loaded;
      const latest = Math.max(...loaded.versions.map((v) => v.number));
      const version = loaded.versions.find((v) => v.number === request.version);
      if (!version) throw AgreementErrors.versionNotFound(agreement.code, request.version);
      if (version.number !== latest) throw AgreementErrors.notLatest(agreement.code, latest);
      if (version.fullySignedAt) throw AgreementErrors.alreadyFullySigned();
      const digest = versionDigest(
        {
          code: agreement.code,
          kind: agreement.kind,
          partyCodes: agreement.partyCodes,
          number: version.number,
        },
        version.content,
      );
      if (request.digest.toLowerCase() !== digest) throw AgreementErrors.digestMismatch();
      const signed = loaded.signatures.filter((s) => s.version === version.number);
      if (signed.some((s) => s.orgCode === call.principal.org))
        throw AgreementErrors.alreadySigned(call.principal.org);

      const signature = manager.getRepository(Signature).create({
        agreementCode: agreement.code,
        version: version.number,
        orgCode: call.principal.org,
        signer: call.principal.username,
        signedAt: new Date(),
        digest,
      });
      await manager.getRepository(Signature).insert(signature);
      loaded.signatures.push(signature);
      if (signed.length + 1 === agreement.partyCodes.length) {
        version.fullySignedAt = new Date();
        await manager
          .getRepository(AgreementVersion)
          .update(
            { agreementCode: agreement.code, number: version.number },
            { fullySignedAt: version.fullySignedAt },
          );
      }
      await this.events.append(manager, 'signed', loaded, version.number, call.principal);
      await announceDue(manager, loaded, this.events, todayInShanghai());
    });
  }

  /** A new version (an amendment, or a renewal that changes only the term) that every party signs again. */
  async amend(request: AmendAgreementRequest, call: RpcCall): Promise<AgreementMessage> {
    checkIdempotencyKey(request.idempotencyKey);
    const content = await this.resolveScope(checkedContent(request.content), call.token);
    const key = { operation: 'agreement.amend', key: request.idempotencyKey, request };
    return this.change(
      request.code,
      call,
      'amended',
      ['active'],
      (manager, loaded) => this.addVersion(manager, loaded, content, call),
      key,
    );
  }

  /** A renewal: the newest version's text with a new end date, as a new version every party signs again. */
  async renew(request: RenewAgreementRequest, call: RpcCall): Promise<AgreementMessage> {
    const { code, effectiveTo } = request;
    checkIdempotencyKey(request.idempotencyKey);
    const key = { operation: 'agreement.renew', key: request.idempotencyKey, request };
    return this.change(
      code,
      call,
      'renewed',
      ['active'],
      async (manager, loaded) => {
        // The text all parties agreed to, not a proposal still circulating.
        const signed = [...loaded.versions]
          .filter((v) => v.fullySignedAt)
          .sort((a, b) => b.number - a.number);
        const agreed = signed[0];
        if (!agreed) throw AgreementErrors.nothingSignedToRenew(code);
        const content = checkedContent(create(VersionContentSchema, { ...agreed.content, effectiveTo }));
        await this.addVersion(manager, loaded, content, call);
      },
      key,
    );
  }

  async terminate(code: string, reason: string, call: RpcCall): Promise<AgreementMessage> {
    inputCheck().required('reason', reason).maxLength('reason', reason, 2000).done();
    return this.change(code, call, 'terminated', ['draft', 'active'], async (manager, loaded) => {
      await manager
        .getRepository(Agreement)
        .update({ code }, { state: 'terminated', terminatedReason: reason.trim() });
      loaded.agreement.state = 'terminated';
      const latest = Math.max(...loaded.versions.map((v) => v.number));
      await this.events.append(manager, 'terminated', loaded, latest, call.principal);
    });
  }

  /** directory-admin only (checked by the controller): a public pact shows title, parties and term to all. */
  async setPublic(code: string, isPublic: boolean, call: RpcCall): Promise<AgreementMessage> {
    inputCheck().matches('code', code, AGREEMENT_CODE, 'must be an agreement code').done();
    const result = await this.dataSource.getRepository(Agreement).update({ code }, { public: isPublic });
    if (!result.affected) throw AgreementErrors.notFound(code);
    return this.view(code, call);
  }

  /**
   * Runs one change: locks the agreement, checks the caller's organization is a party and the agreement is
   * in an allowed state, applies `apply`, commits, and returns the new view.
   */
  private async change(
    code: string,
    call: RpcCall,
    action: string,
    states: readonly Agreement['state'][],
    apply: (manager: EntityManager, loaded: LoadedAgreement) => Promise<void>,
    idempotency?: IdempotentRequest,
  ): Promise<AgreementMessage> {
    inputCheck().matches('code', code, AGREEMENT_CODE, 'must be an agreement code').done();
    await this.dataSource.transaction(async (manager) => {
      if (idempotency && (await this.alreadyDone(manager, idempotency, call))) return;
      const loaded = await this.repository.load(manager, code, true);
      if (!loaded || !loaded.agreement.visibleTo.includes(call.principal.org))
        throw AgreementErrors.notFound(code);
      if (!loaded.agreement.partyCodes.includes(call.principal.org)) throw AgreementErrors.notAParty();
      if (!states.includes(loaded.agreement.state)) {
        const status = statusOf(loaded.agreement.state, versionDates(loaded), todayInShanghai());
        throw AgreementErrors.wrongState(code, action, STATUS_WORDS[status]);
      }
      await apply(manager, loaded);
    });
    return this.view(code, call);
  }

  /**
   * Claims the client's idempotency key (if any) in the change's transaction: true when the same request with
   * the same key was already done — the caller then returns the agreement as it is instead of changing it.
   */
  private async alreadyDone(
    manager: EntityManager,
    request: IdempotentRequest,
    call: RpcCall,
  ): Promise<boolean> {
    if (!request.key) return false;
    const outcome = await claimIdempotencyKey(manager, AGREEMENTS_SCHEMA, {
      caller: call.principal.subject,
      operation: request.operation,
      key: request.key,
      request: request.request,
    });
    if (outcome.kind === 'different-request') throw AgreementErrors.idempotencyKeyReused();
    return outcome.kind === 'replay';
  }

  private async view(code: string, call: RpcCall): Promise<AgreementMessage> {
    const loaded = await this.repository.load(this.dataSource.manager, code);
    if (!loaded) throw AgreementErrors.notFound(code);
    return toAgreementMessage(loaded, call.principal.org, todayInShanghai());
  }

  /**
   * Its business lines and categories must be the directory's; a basin in the scope becomes its member
   * divisions as of now: the parties sign that list.
   */
  private async resolveScope(content: VersionContentJson, token: string): Promise<VersionContentJson> {
    await this.directory.checkScopeCodes(content.scope, token);
    if (!content.scope.basinCode) return content;
    const members = await this.directory.basinDivisions(content.scope.basinCode, token);
    const divisionCodes = [...new Set([...content.scope.divisionCodes, ...members])].sort();
    return { ...content, scope: { ...content.scope, divisionCodes } };
  }

  /** Appends the next version (amendment or renewal) and its `amended` event. */
  private async addVersion(
    manager: EntityManager,
    loaded: LoadedAgreement,
    content: VersionContentJson,
    call: RpcCall,
  ): Promise<void> {
    const number = Math.max(...loaded.versions.map((v) => v.number)) + 1;
    const row = this.versionRow(loaded.agreement.code, number, content, call);
    await manager.getRepository(AgreementVersion).insert(row);
    loaded.versions.push(manager.getRepository(AgreementVersion).create({ ...row, createdAt: new Date() }));
    await this.events.append(manager, 'amended', loaded, number, call.principal);
  }

  private versionRow(code: string, number: number, content: VersionContentJson, call: RpcCall) {
    return {
      agreementCode: code,
      number,
      content,
      effectiveFrom: content.effectiveFrom,
      effectiveTo: content.effectiveTo || null,
      businessLines: content.scope.businessLines,
      caseCategories: content.scope.caseCategories,
      divisionCodes: content.scope.divisionCodes,
      createdBy: call.principal.username,
    };
  }
}
