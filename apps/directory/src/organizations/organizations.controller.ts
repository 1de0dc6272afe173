import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  DirectoryRpc,
  type CreateOrganizationRequest,
  type GetCommonSuperiorRequest,
  type GetOrganizationsRequest,
  type ListOrganizationsRequest,
  type UpdateOrganizationRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { OrganizationsService } from './organizations.service.js';

/** NATS handlers for organizations: every caller has a verified token; changes need `directory-admin`. */
@Controller()
export class OrganizationsController {
  constructor(@Inject(OrganizationsService) private readonly organizations: OrganizationsService) {}

  @RpcHandler(DirectoryRpc.listOrganizations)
  async list(@Payload() request: ListOrganizationsRequest) {
    return { organizations: await this.organizations.list(request) };
  }

  @RpcHandler(DirectoryRpc.getOrganizations)
  async getMany(@Payload() request: GetOrganizationsRequest) {
    return { organizations: await this.organizations.getMany(request.codes) };
  }

  @RpcHandler(DirectoryRpc.getCommonSuperior)
  async commonSuperior(@Payload() request: GetCommonSuperiorRequest) {
    return { organization: await this.organizations.commonSuperior(request.firstCode, request.secondCode) };
  }

  @RpcHandler(DirectoryRpc.createOrganization)
  async create(@Payload() request: CreateOrganizationRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { organization: await this.organizations.create(request, call) };
  }

  @RpcHandler(DirectoryRpc.updateOrganization)
  async update(@Payload() request: UpdateOrganizationRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { organization: await this.organizations.update(request, call) };
  }
}
