import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  MeetingsRpc,
  type ConsultationStatisticsRequest,
  type EditConsultationRequest,
  type GetConsultationRequest,
  type ListConsultationsRequest,
  type LogConsultationRequest,
  type OpenSupervisionMatterRequest,
  type RecordOpinionRequest,
  type RecordPoliceResponseRequest,
  type WithdrawConsultationRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { ConsultationQueriesService } from './consultation-queries.service.js';
import { ConsultationStatisticsService } from './consultation-statistics.service.js';
import { ConsultationsService } from './consultations.service.js';
import { LOGGING_ROLE, SUPERVISION } from './lifecycle.js';

/**
 * NATS handlers for police consultations. Logging needs a police liaison officer; the opinion's and the
 * response's organization and role are checked by the lifecycle (lifecycle.ts) inside the service, where
 * the consultation is known. Reads show only what the caller's organization may see.
 */
@Controller()
export class ConsultationsController {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ConsultationQueriesService) private readonly queries: ConsultationQueriesService,
    @Inject(ConsultationStatisticsService) private readonly statistics: ConsultationStatisticsService,
  ) {}

  @RpcHandler(MeetingsRpc.logConsultation)
  async log(@Payload() request: LogConsultationRequest, @Ctx() call: RpcCall) {
    requireRole(call, LOGGING_ROLE);
    return { consultation: await this.consultations.log(request, call) };
  }

  @RpcHandler(MeetingsRpc.openSupervisionMatter)
  async openSupervisionMatter(@Payload() request: OpenSupervisionMatterRequest, @Ctx() call: RpcCall) {
    requireRole(call, ...SUPERVISION.roles);
    return { consultation: await this.consultations.openSupervision(request, call) };
  }

  @RpcHandler(MeetingsRpc.recordOpinion)
  async recordOpinion(@Payload() request: RecordOpinionRequest, @Ctx() call: RpcCall) {
    return { consultation: await this.consultations.recordOpinion(request, call) };
  }

  @RpcHandler(MeetingsRpc.recordPoliceResponse)
  async recordPoliceResponse(@Payload() request: RecordPoliceResponseRequest, @Ctx() call: RpcCall) {
    return { consultation: await this.consultations.recordPoliceResponse(request, call) };
  }

  @RpcHandler(MeetingsRpc.editConsultation)
  async edit(@Payload() request: EditConsultationRequest, @Ctx() call: RpcCall) {
    return { consultation: await this.consultations.edit(request, call) };
  }

  @RpcHandler(MeetingsRpc.withdrawConsultation)
  async withdraw(@Payload() request: WithdrawConsultationRequest, @Ctx() call: RpcCall) {
    return { consultation: await this.consultations.withdraw(request, call) };
  }

  @RpcHandler(MeetingsRpc.getConsultation)
  async get(@Payload() request: GetConsultationRequest, @Ctx() call: RpcCall) {
    return { consultation: await this.queries.get(request.id, call) };
  }

  @RpcHandler(MeetingsRpc.listConsultations)
  list(@Payload() request: ListConsultationsRequest, @Ctx() call: RpcCall) {
    return this.queries.list(request, call);
  }

  @RpcHandler(MeetingsRpc.consultationStatistics)
  async consultationStatistics(@Payload() request: ConsultationStatisticsRequest, @Ctx() call: RpcCall) {
    return { offices: await this.statistics.statistics(request, call) };
  }
}
