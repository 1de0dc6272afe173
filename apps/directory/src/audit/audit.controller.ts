import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DirectoryRpc, type ListAuditEntriesRequest } from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { DirectoryAudit } from './directory-audit.js';

/** The audit of directory administration, for directory administrators only. */
@Controller()
export class AuditController {
  constructor(@Inject(DirectoryAudit) private readonly audit: DirectoryAudit) {}

  @RpcHandler(DirectoryRpc.listAuditEntries)
  async list(@Payload() request: ListAuditEntriesRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'directory-admin');
    return { entries: await this.audit.list(request) };
  }
}
