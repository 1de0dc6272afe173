import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  TransfersRpc,
  type AcceptTransferRequest,
  type CreateDraftRequest,
  type DesignateJurisdictionRequest,
  type EscalateTransferRequest,
  type GetTransferRequest,
  type ListTransfersRequest,
  type ObjectTransferRequest,
  type ReturnTransferRequest,
  type SendDraftRequest,
  type SendTransferRequest,
  type TransferScorecardsRequest,
  type UpdateDraftRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { LIST_ROLES } from './lifecycle.js';
import { ScorecardsService } from './scorecards.service.js';
import { TransferQueriesService } from './transfer-queries.service.js';
import { TransfersService } from './transfers.service.js';

/**
 * NATS handlers for transfers. Drafting needs a prosecutor, listing one of LIST_ROLES; every move's organization and role are checked by
 * the lifecycle (lifecycle.ts) inside the service, where the transfer is known.
 */
@Controller()
export class TransfersController {
  constructor(
    @Inject(TransfersService) private readonly transfers: TransfersService,
    @Inject(TransferQueriesService) private readonly queries: TransferQueriesService,
    @Inject(ScorecardsService) private readonly scorecards: ScorecardsService,
  ) {}

  @RpcHandler(TransfersRpc.createDraft)
  async createDraft(@Payload() request: CreateDraftRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { transfer: await this.transfers.createDraft(request, call) };
  }

  @RpcHandler(TransfersRpc.updateDraft)
  async updateDraft(@Payload() request: UpdateDraftRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { transfer: await this.transfers.updateDraft(request, call) };
  }

  @RpcHandler(TransfersRpc.send)
  async send(@Payload() request: SendTransferRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { transfer: await this.transfers.send(request, call) };
  }

  @RpcHandler(TransfersRpc.sendDraft)
  async sendDraft(@Payload() request: SendDraftRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return { transfer: await this.transfers.sendDraft(request, call) };
  }

  @RpcHandler(TransfersRpc.get)
  async get(@Payload() request: GetTransferRequest, @Ctx() call: RpcCall) {
    return { transfer: await this.queries.get(request.id, call) };
  }

  @RpcHandler(TransfersRpc.list)
  list(@Payload() request: ListTransfersRequest, @Ctx() call: RpcCall) {
    requireRole(call, ...LIST_ROLES);
    return this.queries.list(request, call);
  }

  @RpcHandler(TransfersRpc.accept)
  async accept(@Payload() request: AcceptTransferRequest, @Ctx() call: RpcCall) {
    return { transfer: await this.transfers.accept(request, call) };
  }

  @RpcHandler(TransfersRpc.return)
  async return(@Payload() request: ReturnTransferRequest, @Ctx() call: RpcCall) {
    return { transfer: await this.transfers.return(request, call) };
  }

  @RpcHandler(TransfersRpc.object)
  async object(@Payload() request: ObjectTransferRequest, @Ctx() call: RpcCall) {
    return { transfer: await this.transfers.object(request, call) };
  }

  @RpcHandler(TransfersRpc.escalate)
  async escalate(@Payload() request: EscalateTransferRequest, @Ctx() call: RpcCall) {
    return { transfer: await this.transfers.escalate(request, call) };
  }

  @RpcHandler(TransfersRpc.designate)
  async designate(@Payload() request: DesignateJurisdictionRequest, @Ctx() call: RpcCall) {
    return { transfer: await this.transfers.designate(request, call) };
  }

  @RpcHandler(TransfersRpc.scorecards)
  async scorecard(@Payload() request: TransferScorecardsRequest, @Ctx() call: RpcCall) {
    return { scorecards: await this.scorecards.scorecards(request, call) };
  }
}
