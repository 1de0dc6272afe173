import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  NOTE_MAX_LENGTH,
  ORGANIZATION_CODE,
  ReturnReason,
  type AcceptTransferRequest,
  type CreateDraftRequest,
  type DesignateJurisdictionRequest,
  type EscalateTransferRequest,
  type ObjectTransferRequest,
  type ReturnTransferRequest,
  type SendDraftRequest,
  type SendTransferRequest,
  type Transfer as TransferMessage,
  type UpdateDraftRequest,
} from '@yiti/contracts';
import { Clock } from '@yiti/calendar';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { checkIdempotencyKey, IdempotentCreation } from '@yiti/persistence';
import { TRANSFERS_SCHEMA } from '../transfers.config.js';
import { checkedContent, type CheckedContent } from './content.js';
import { Deadlines } from './deadlines.js';
import { LegalBasis, type LegalBasisChoice } from './legal-basis.js';
import { describeState } from './lifecycle.js';
import { Routing, type Route } from './routing.js';
import { Transfer } from './transfer.entity.js';
import { TransferQueriesService } from './transfer-queries.service.js';
import { actorOf, TransferWriter } from './transfer-writer.js';
import { TransferErrors } from './transfers.errors.js';
import {
  OBJECTION_GROUNDS,
  objectionGroundsName,
  RETURN_REASONS,
  returnReasonName,
} from './transfers.mapper.js';

const text = (value: string | undefined) => (value ?? '').trim();
const idempotent = new IdempotentCreation(TRANSFERS_SCHEMA);

/**
 * Every change a user makes to a transfer. Each runs in one transaction through TransferWriter (row lock,
 * lifecycle check, timeline, outbox event); the directory and agreements are asked before the transaction
 * opens, so no lock is held across a network call.
 */
@Injectable()
export class TransfersService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransferWriter) private readonly writer: TransferWriter,
    @Inject(Routing) private readonly routing: Routing,
    @Inject(LegalBasis) private readonly legalBasis: LegalBasis,
    @Inject(Deadlines) private readonly deadlines: Deadlines,
    @Inject(TransferQueriesService) private readonly queries: TransferQueriesService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async createDraft(request: CreateDraftRequest, call: RpcCall): Promise<TransferMessage> {
    checkIdempotencyKey(request.idempotencyKey);
    const content = checkedContent(request.content, call.principal.org);
    const claim = idempotent.claimOf('transfer.create-draft', request.idempotencyKey, request, call);
    const done = await idempotent.earlierResult(this.dataSource.manager, claim);
    if (done) return this.queries.view(done, call.principal.org);
    const route = await this.routing.resolve(call.principal.org, content, call.token);
    const id = await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const transfer = await this.insertDraft(manager, content, route, call);
        return transfer.id;
      }),
    );
    return this.queries.view(id, call.principal.org);
  }

  async updateDraft(request: UpdateDraftRequest, call: RpcCall): Promise<TransferMessage> {
    const content = checkedContent(request.content, call.principal.org);
    const route = await this.routing.resolve(call.principal.org, content, call.token);
    await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, request.id, call.principal.org);
      if (transfer.state !== 'draft')
        throw TransferErrors.illegalMove(transfer.id, describeState(transfer.state), 'edited');
      const changes = { ...this.contentColumns(content, route), updatedAt: new Date() };
      Object.assign(transfer, changes);
      await manager.getRepository(Transfer).update(transfer.id, changes);
      await this.writer.step(manager, transfer, 'draft-updated', actorOf(call.principal));
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** Creates and sends in one step; a retry with the same key returns the first transfer. */
  async send(request: SendTransferRequest, call: RpcCall): Promise<TransferMessage> {
    checkIdempotencyKey(request.idempotencyKey);
    const content = checkedContent(request.content, call.principal.org);
    const claim = idempotent.claimOf('transfer.send', request.idempotencyKey, request, call);
    const done = await idempotent.earlierResult(this.dataSource.manager, claim);
    if (done) return this.queries.view(done, call.principal.org);
    const route = await this.routing.resolve(call.principal.org, content, call.token);
    const basis = await this.legalBasis.choose(
      { ...content, senderOrg: call.principal.org, divisionCode: route.divisionCode },
      call.token,
    );
    const id = await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const transfer = await this.insertDraft(manager, content, route, call);
        await this.writer.move(manager, transfer, 'send', actorOf(call.principal), this.sending(basis));
        return transfer.id;
      }),
    );
    return this.queries.view(id, call.principal.org);
  }

  async sendDraft(request: SendDraftRequest, call: RpcCall): Promise<TransferMessage> {
    checkIdempotencyKey(request.idempotencyKey);
    const claim = idempotent.claimOf('transfer.send-draft', request.idempotencyKey, request, call);
    if (await idempotent.earlierResult(this.dataSource.manager, claim))
      return this.queries.view(request.id, call.principal.org);
    const draft = await this.dataSource.transaction((m) =>
      this.writer.lock(m, request.id, call.principal.org),
    );
    const content = this.contentOf(draft);
    const route = await this.routing.resolve(draft.senderOrg, content, call.token);
    const basis = await this.legalBasis.choose(
      { ...content, senderOrg: draft.senderOrg, divisionCode: route.divisionCode },
      call.token,
    );
    await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const transfer = await this.writer.lock(manager, request.id, call.principal.org);
        if (transfer.updatedAt.getTime() !== draft.updatedAt.getTime())
          throw TransferErrors.changedWhileSending(transfer.id);
        await this.writer.move(manager, transfer, 'send', actorOf(call.principal), {
          ...this.contentColumns(content, route),
          ...this.sending(basis),
        });
        return transfer.id;
      }),
    );
    return this.queries.view(request.id, call.principal.org);
  }

  async accept(request: AcceptTransferRequest, call: RpcCall): Promise<TransferMessage> {
    const note = text(request.note);
    inputCheck().maxLength('note', note, NOTE_MAX_LENGTH).done();
    return this.receiverDecision(request.id, call, 'accept', (transfer, now) => ({
      receiverDecision: 'accepted',
      handlingOrg: transfer.receiverOrg,
      decisionText: note || null,
      closedAt: now,
    }));
  }

  async return(request: ReturnTransferRequest, call: RpcCall): Promise<TransferMessage> {
    const reason = RETURN_REASONS.code(request.reason);
    const explanation = text(request.text);
    inputCheck()
      .that('reason', reason !== undefined, 'must be a return reason')
      .that('text', request.reason !== ReturnReason.OTHER || explanation !== '', 'is required for OTHER')
      .maxLength('text', explanation, NOTE_MAX_LENGTH)
      .done();
    return this.receiverDecision(
      request.id,
      call,
      'return',
      (transfer, now) => ({
        receiverDecision: 'returned',
        returnReason: reason!,
        decisionText: explanation || null,
        handlingOrg: transfer.senderOrg,
        closedAt: now,
      }),
      reason && returnReasonName(reason),
    );
  }

  async object(request: ObjectTransferRequest, call: RpcCall): Promise<TransferMessage> {
    const grounds = OBJECTION_GROUNDS.code(request.grounds);
    const explanation = text(request.text);
    inputCheck()
      .that('grounds', grounds !== undefined, 'must be objection grounds')
      .required('text', explanation)
      .maxLength('text', explanation, NOTE_MAX_LENGTH)
      .done();
    return this.receiverDecision(
      request.id,
      call,
      'object',
      (_transfer, now) => ({
        receiverDecision: 'objected',
        objectionGrounds: grounds!,
        decisionText: explanation,
        ...this.deadlines.consultationDue(now),
      }),
      grounds && objectionGroundsName(grounds),
    );
  }

  /** A party's chief prosecutor takes an open dispute to the common superior before its deadline. */
  async escalate(request: EscalateTransferRequest, call: RpcCall): Promise<TransferMessage> {
    const note = text(request.text);
    inputCheck().required('text', note).maxLength('text', note, NOTE_MAX_LENGTH).done();
    await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, request.id, call.principal.org);
      if (!transfer.commonSuperiorOrg) throw TransferErrors.noCommonSuperior(transfer.id);
      await this.writer.move(manager, transfer, 'escalate', actorOf(call.principal), {}, { note });
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** The common superior's chief prosecutor designates who handles it (指定管辖). */
  async designate(request: DesignateJurisdictionRequest, call: RpcCall): Promise<TransferMessage> {
    const note = text(request.text);
    inputCheck()
      .matches('handlingOrg', request.handlingOrg, ORGANIZATION_CODE, 'must be an organization code')
      .required('text', note)
      .maxLength('text', note, NOTE_MAX_LENGTH)
      .done();
    const superior = call.principal.org;
    // Refuse a non-superior before asking the directory anything on its behalf.
    const seen = await this.dataSource.transaction((m) => this.writer.lock(m, request.id, superior));
    if (
      seen.commonSuperiorOrg === superior &&
      !(await this.routing.isUnder(request.handlingOrg, superior, call.token))
    )
      throw TransferErrors.designationOutsideJurisdiction(request.handlingOrg);
    await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, request.id, superior);
      await this.writer.move(
        manager,
        transfer,
        'designate',
        actorOf(call.principal),
        { handlingOrg: request.handlingOrg, decisionText: note, closedAt: new Date() },
        { note, code: request.handlingOrg },
      );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** Accept, return or object: records the receipt first when the receiver decides without opening it. */
  private async receiverDecision(
    id: string,
    call: RpcCall,
    move: 'accept' | 'return' | 'object',
    changes: (transfer: Transfer, now: Date) => Partial<Transfer>,
    /** The step's and event's code: the enum value name (returnReasonName, objectionGroundsName). */
    code?: string,
  ): Promise<TransferMessage> {
    await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, id, call.principal.org);
      const actor = actorOf(call.principal);
      if (transfer.state === 'sent' && transfer.receiverOrg === call.principal.org)
        await this.writer.move(
          manager,
          transfer,
          'receive',
          actor,
          this.deadlines.receipt(transfer, this.clock.now()),
        );
      const now = this.clock.now();
      await this.writer.move(
        manager,
        transfer,
        move,
        actor,
        { ...changes(transfer, now), decidedAt: now, ...this.deadlines.lateDecision(transfer, now) },
        { note: changes(transfer, now).decisionText ?? null, code: code ?? null },
      );
    });
    return this.queries.view(id, call.principal.org);
  }

  private sending(basis: LegalBasisChoice): Partial<Transfer> {
    const now = this.clock.now();
    return {
      ...basis,
      sentAt: now,
      listedAt: now,
      ...this.deadlines.acknowledgeDue(now, basis.acknowledgeDays),
    };
  }

  private contentColumns(content: CheckedContent, route: Route): Partial<Transfer> {
    return {
      receiverOrg: content.receiverOrg,
      kind: content.kind,
      businessLine: content.businessLine,
      category: content.category,
      divisionCode: route.divisionCode,
      summary: content.summary,
      senderCaseNumber: content.senderCaseNumber,
      citedPactCode: content.pactCode || null,
      visibleTo: route.visibleTo,
      commonSuperiorOrg: route.commonSuperiorOrg,
    };
  }

  private contentOf(draft: Transfer): CheckedContent {
    return {
      receiverOrg: draft.receiverOrg,
      kind: draft.kind,
      businessLine: draft.businessLine,
      category: draft.category,
      divisionCode: draft.divisionCode,
      summary: draft.summary,
      senderCaseNumber: draft.senderCaseNumber,
      pactCode: draft.citedPactCode ?? '',
    };
  }

  private async insertDraft(
    manager: EntityManager,
    content: CheckedContent,
    route: Route,
    call: RpcCall,
  ): Promise<Transfer> {
    const now = new Date();
    const repository = manager.getRepository(Transfer);
    const transfer = repository.create({
      ...this.contentColumns(content, route),
      id: randomUUID(),
      senderOrg: call.principal.org,
      // The legal basis is found when it is sent: the pact in force that day.
      acknowledgeDays: null,
      decideDays: null,
      state: 'draft',
      demo: false,
      createdBy: call.principal.username,
      createdAt: now,
      listedAt: now,
      updatedAt: now,
    });
    await repository.insert(transfer);
    await this.writer.step(manager, transfer, 'created', actorOf(call.principal));
    return transfer;
  }
}
