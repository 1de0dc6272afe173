import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Consultation as ConsultationMessage,
  EditConsultationRequest,
  LogConsultationRequest,
  RecordOpinionRequest,
  RecordPoliceResponseRequest,
  WithdrawConsultationRequest,
} from '@yiti/contracts';
import type { RpcCall } from '@yiti/messaging';
import { IdempotentCreation } from '@yiti/persistence';
import { MEETINGS_SCHEMA } from '../meetings.config.js';
import {
  checkedConsultation,
  checkedEdit,
  checkedOpinion,
  checkedResponse,
  checkedWithdrawal,
  divisionOf,
} from './content.js';
import { PoliceConsultation } from './consultation.entity.js';
import { ConsultationQueriesService } from './consultation-queries.service.js';
import { ConsultationWriter } from './consultation-writer.js';
import { ConsultationErrors } from './consultations.errors.js';
import { FollowUpClocks } from './follow-up-clocks.js';
import { checkMove } from './lifecycle.js';
import { ConsultationRouting } from './routing.js';

const idempotent = new IdempotentCreation(MEETINGS_SCHEMA);

/**
 * Every change a user makes to a police consultation: logging it, the prosecutor's opinion, the police
 * response. Each runs in one transaction through ConsultationWriter (row lock, lifecycle check, outbox
 * event); the directory is asked before the transaction opens, so no lock is held across a network call.
 */
@Injectable()
export class ConsultationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsultationWriter) private readonly writer: ConsultationWriter,
    @Inject(ConsultationRouting) private readonly routing: ConsultationRouting,
    @Inject(FollowUpClocks) private readonly clocks: FollowUpClocks,
    @Inject(ConsultationQueriesService) private readonly queries: ConsultationQueriesService,
  ) {}

  /**
   * A police liaison officer logs a consultation at the ISCO of their own county (the controller checked the
   * role); a retry with the same key returns the first consultation.
   */
  async log(request: LogConsultationRequest, call: RpcCall): Promise<ConsultationMessage> {
    const policeOrg = call.principal.org;
    if (!policeOrg.startsWith('police-')) throw ConsultationErrors.notAPoliceBureau(policeOrg);
    const content = checkedConsultation(request);
    const ownIsco = `isco-${divisionOf(policeOrg)}`;
    if (content.iscoOrg !== ownIsco) throw ConsultationErrors.anotherCountysIsco(content.iscoOrg, ownIsco);
    const claim = idempotent.claimOf('consultation.log', request.idempotencyKey, request, call);
    const done = await idempotent.earlierResult(this.dataSource.manager, claim);
    if (done) return this.queries.view(done, policeOrg);
    const parties = await this.routing.resolve(policeOrg, content, call.token);
    const id = await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const now = new Date();
        const consultation = manager.getRepository(PoliceConsultation).create({
          id: randomUUID(),
          ...parties,
          policeCaseNumber: content.policeCaseNumber,
          category: content.category,
          type: content.type,
          question: content.question,
          materials: content.materials,
          state: 'open',
          loggedBy: call.principal.username,
          loggedAt: now,
          opinion: null,
          opinionBy: null,
          opinionAt: null,
          followUp: null,
          followUpDueAt: null,
          followUpOverdueAt: null,
          policeResponse: null,
          responseBy: null,
          responseAt: null,
          editedBy: null,
          editedAt: null,
          withdrawnBy: null,
          withdrawnAt: null,
          demo: false,
          updatedAt: now,
        });
        await this.writer.insert(manager, consultation, call.principal);
        return consultation.id;
      }),
    );
    return this.queries.view(id, policeOrg);
  }

  /**
   * The police change what they logged while it waits for the opinion: a liaison officer of the bureau that
   * logged it (the lifecycle's `edit`); once answered, CONFLICT. The category is checked with the directory
   * before the transaction, as when logging; the ISCO and so the parties stay.
   */
  async edit(request: EditConsultationRequest, call: RpcCall): Promise<ConsultationMessage> {
    const content = checkedEdit(request);
    const policeOrg = call.principal.org;
    // The directory check needs no lock: the lifecycle decides again inside the transaction.
    await this.routing.checkCategory(content.category, call.token);
    await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, request.id, policeOrg);
      const now = new Date();
      await this.writer.move(
        manager,
        consultation,
        'edit',
        call.principal,
        { ...content, editedBy: call.principal.username, editedAt: now },
        now,
      );
    });
    return this.queries.view(request.id, policeOrg);
  }

  /** The police withdraw it before the opinion (final); once answered, CONFLICT. */
  async withdraw(request: WithdrawConsultationRequest, call: RpcCall): Promise<ConsultationMessage> {
    checkedWithdrawal(request);
    await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, request.id, call.principal.org);
      const now = new Date();
      await this.writer.move(
        manager,
        consultation,
        'withdraw',
        call.principal,
        { withdrawnBy: call.principal.username, withdrawnAt: now },
        now,
      );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /**
   * A prosecutor of the county's procuratorate answers; the opinion may start a follow-up clock (filing
   * supervision only).
   */
  async recordOpinion(request: RecordOpinionRequest, call: RpcCall): Promise<ConsultationMessage> {
    const { opinion, followUp } = checkedOpinion(request);
    await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, request.id, call.principal.org);
      // The lifecycle decides first (who, and in which state); then whether this follow-up fits the type.
      checkMove(consultation, 'answer', call.principal);
      if (followUp !== 'none' && consultation.type !== 'filing-supervision')
        throw ConsultationErrors.followUpNeedsFilingSupervision();
      const now = new Date();
      const changes: Partial<PoliceConsultation> = {
        opinion,
        opinionBy: call.principal.username,
        opinionAt: now,
        followUp,
        ...this.clocks.columns(followUp, now),
      };
      await this.writer.move(manager, consultation, 'answer', call.principal, changes, now);
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** The police bureau's liaison officer records the response: closed, late or not. */
  async recordPoliceResponse(
    request: RecordPoliceResponseRequest,
    call: RpcCall,
  ): Promise<ConsultationMessage> {
    const response = checkedResponse(request);
    await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, request.id, call.principal.org);
      const now = new Date();
      await this.writer.move(
        manager,
        consultation,
        'respond',
        call.principal,
        { policeResponse: response, responseBy: call.principal.username, responseAt: now },
        now,
      );
    });
    return this.queries.view(request.id, call.principal.org);
  }
}
