import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  DirectoryRpc,
  type CreateBasinRequest,
  type CreateDivisionRequest,
  type GetBasinRequest,
  type GetDivisionRequest,
  type ListDivisionsRequest,
  type SetBasinMembershipRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { DivisionsService } from './divisions.service.js';

/** NATS handlers for divisions and river basins; every change needs `directory-admin` and is audited. */
@Controller()
export class DivisionsController {
  constructor(@Inject(DivisionsService) private readonly divisions: DivisionsService) {}

  @RpcHandler(DirectoryRpc.getDivision)
  getDivision(@Payload() request: GetDivisionRequest) {
    return this.divisions.lookup(request.code);
  }

  @RpcHandler(DirectoryRpc.listDivisions)
  async listDivisions(@Payload() request: ListDivisionsRequest) {
    return { divisions: await this.divisions.list(request) };
  }

  @RpcHandler(DirectoryRpc.getBasin)
  async getBasin(@Payload() request: GetBasinRequest) {
    return { basin: await this.divisions.getBasin(request.code) };
  }

  @RpcHandler(DirectoryRpc.setBasinMembership)
  async setBasinMembership(@Payload() request: SetBasinMembershipRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { basin: await this.divisions.setBasinMembership(request, call) };
  }

  @RpcHandler(DirectoryRpc.createDivision)
  async createDivision(@Payload() request: CreateDivisionRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { division: await this.divisions.createDivision(request, call) };
  }

  @RpcHandler(DirectoryRpc.createBasin)
  async createBasin(@Payload() request: CreateBasinRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { basin: await this.divisions.createBasin(request, call) };
  }
}
