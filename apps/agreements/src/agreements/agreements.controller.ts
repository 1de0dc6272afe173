import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AgreementsRpc,
  type AgreementsCoveringRequest,
  type AmendAgreementRequest,
  type CirculateAgreementRequest,
  type CreateAgreementRequest,
  type DiffVersionsRequest,
  type GetAgreementRequest,
  type ListAgreementsRequest,
  type RenewAgreementRequest,
  type ReviseDraftRequest,
  type SetAgreementPublicRequest,
  type SignAgreementRequest,
  type TerminateAgreementRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { AgreementQueriesService } from './agreement-queries.service.js';
import { AgreementsService } from './agreements.service.js';

/**
 * NATS handlers for agreements. Roles are checked here: prosecutors draft, circulate and amend; only chief
 * prosecutors sign and terminate; directory admins mark pacts public. Party membership is checked in the
 * service.
 */
@Controller()
export class AgreementsController {
  constructor(
    @Inject(AgreementsService) private readonly agreements: AgreementsService,
    @Inject(AgreementQueriesService) private readonly queries: AgreementQueriesService,
  ) {}

  @RpcHandler(AgreementsRpc.create)
  async create(@Payload() request: CreateAgreementRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { agreement: await this.agreements.create(request, call) };
  }

  @RpcHandler(AgreementsRpc.reviseDraft)
  async reviseDraft(@Payload() request: ReviseDraftRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { agreement: await this.agreements.reviseDraft(request, call) };
  }

  @RpcHandler(AgreementsRpc.circulate)
  async circulate(@Payload() request: CirculateAgreementRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { agreement: await this.agreements.circulate(request.code, call) };
  }

  @RpcHandler(AgreementsRpc.sign)
  async sign(@Payload() request: SignAgreementRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'chief-prosecutor');
    return { agreement: await this.agreements.sign(request, call) };
  }

  @RpcHandler(AgreementsRpc.amend)
  async amend(@Payload() request: AmendAgreementRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { agreement: await this.agreements.amend(request, call) };
  }

  @RpcHandler(AgreementsRpc.renew)
  async renew(@Payload() request: RenewAgreementRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { agreement: await this.agreements.renew(request, call) };
  }

  @RpcHandler(AgreementsRpc.terminate)
  async terminate(@Payload() request: TerminateAgreementRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'chief-prosecutor');
    return { agreement: await this.agreements.terminate(request.code, request.reason, call) };
  }

  @RpcHandler(AgreementsRpc.setPublic)
  async setPublic(@Payload() request: SetAgreementPublicRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { agreement: await this.agreements.setPublic(request.code, request.public, call) };
  }

  @RpcHandler(AgreementsRpc.get)
  async get(@Payload() request: GetAgreementRequest, @Ctx() call: RpcCall) {
    return { agreement: await this.queries.get(request.code, call) };
  }

  @RpcHandler(AgreementsRpc.list)
  async list(@Payload() request: ListAgreementsRequest, @Ctx() call: RpcCall) {
    return { agreements: await this.queries.list(request, call) };
  }

  @RpcHandler(AgreementsRpc.diff)
  diff(@Payload() request: DiffVersionsRequest, @Ctx() call: RpcCall) {
    return this.queries.diff(request, call);
  }

  @RpcHandler(AgreementsRpc.covering)
  async covering(@Payload() request: AgreementsCoveringRequest, @Ctx() call: RpcCall) {
    return { agreements: await this.queries.covering(request, call) };
  }
}
