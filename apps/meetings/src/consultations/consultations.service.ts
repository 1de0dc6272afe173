import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Consultation as ConsultationMessage,
  EditConsultationRequest,
  LogConsultationRequest,
  OpenSupervisionMatterRequest,
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
  checkedSupervision,
  checkedWithdrawal,
  divisionOf,
} from './content.js';
import { PoliceConsultation } from './consultation.entity.js';
import type { CheckedConsultation } from './content.js';
import { ConsultationQueriesService } from './consultation-queries.service.js';
import { ConsultationWriter } from './consultation-writer.js';
import { ConsultationErrors } from './consultations.errors.js';
import { FollowUpClocks, followUpFits } from './follow-up-clocks.js';
import { checkMove, SUPERVISION } from './lifecycle.js';
import { ConsultationRouting, type Parties } from './routing.js';

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
    const parties = await this.routing.resolve(content, call.token, policeOrg);
    const id = await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const consultation = this.newConsultation(parties, content, call, new Date());
        await this.writer.insert(manager, consultation, call.principal, 'policeConsultationLogged');
        return consultation.id;
      }),
    );
    return this.queries.view(id, policeOrg);
  }

  /**
   * The two-way direction: a prosecutor of a county procuratorate (the controller checked the role) opens a
   * supervision matter to the county's police bureau at the county's ISCO — filing supervision or
   * compulsory-measure review, with the demand and the clock it sets. It waits for the police response as an
   * answered consultation does. A retry with the same key returns the first matter.
   */
  async openSupervision(request: OpenSupervisionMatterRequest, call: RpcCall): Promise<ConsultationMessage> {
    const procuratorateOrg = call.principal.org;
    if (!procuratorateOrg.startsWith('proc-')) throw ConsultationErrors.notAProcuratorate(procuratorateOrg);
    const content = checkedSupervision(request);
    if (!SUPERVISION.types.includes(content.type)) throw ConsultationErrors.notASupervisionType();
    if (!followUpFits(content.type, content.followUp))
      throw ConsultationErrors.followUpDoesNotFit(content.followUp);
    const ownIsco = `isco-${divisionOf(procuratorateOrg)}`;
    if (content.iscoOrg !== ownIsco)
      throw ConsultationErrors.supervisionAtAnotherCounty(content.iscoOrg, ownIsco);
    const claim = idempotent.claimOf('consultation.open-supervision', request.idempotencyKey, request, call);
    const done = await idempotent.earlierResult(this.dataSource.manager, claim);
    if (done) return this.queries.view(done, procuratorateOrg);
    const parties = await this.routing.resolve(content, call.token);
    const id = await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const now = new Date();
        const matter = this.newConsultation(parties, content, call, now, {
          supervisionMatter: true,
          state: SUPERVISION.state,
          opinion: content.opinion,
          opinionBy: call.principal.username,
          opinionAt: now,
          followUp: content.followUp,
          ...this.clocks.columns(content.followUp, now),
        });
        await this.writer.insert(manager, matter, call.principal, SUPERVISION.event);
        return matter.id;
      }),
    );
    return this.queries.view(id, procuratorateOrg);
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
   * A prosecutor of the county's procuratorate answers; the opinion may start the follow-up clock its type
   * allows (follow-up-clocks.ts).
   */
  async recordOpinion(request: RecordOpinionRequest, call: RpcCall): Promise<ConsultationMessage> {
    const { opinion, followUp } = checkedOpinion(request);
    await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, request.id, call.principal.org);
      // The lifecycle decides first (who, and in which state); then whether this follow-up fits the type.
      checkMove(consultation, 'answer', call.principal);
      if (!followUpFits(consultation.type, followUp)) throw ConsultationErrors.followUpDoesNotFit(followUp);
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

  /** A new record at the ISCO, logged now by the caller: open and unanswered unless `changes` say otherwise. */
  private newConsultation(
    parties: Parties,
    content: CheckedConsultation,
    call: RpcCall,
    now: Date,
    changes: Partial<PoliceConsultation> = {},
  ): PoliceConsultation {
    return this.dataSource.getRepository(PoliceConsultation).create({
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
      followUpDueProvisional: false,
      followUpOverdueAt: null,
      policeResponse: null,
      responseBy: null,
      responseAt: null,
      editedBy: null,
      editedAt: null,
      withdrawnBy: null,
      withdrawnAt: null,
      supervisionMatter: false,
      demo: false,
      updatedAt: now,
      ...changes,
    });
  }
}
