import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  RecordsRpc,
  type GetPersonDetailRequest,
  type LookupByCitizenIdRequest,
  type SearchByNameRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { DataSource } from 'typeorm';
import { verifyAuditChainAndHead } from '../audit/audit-chain.js';
import { auditHmacKey, RecordsConfig } from '../records.config.js';
import { LookupsService } from './lookups.service.js';

/**
 * NATS handlers of the records service. Lookups decide who may look up inside LookupsService, so that every
 * refusal is audited; verifying the audit chain is for `records-auditor`.
 */
@Controller()
export class RecordsController {
  constructor(
    @Inject(LookupsService) private readonly lookups: LookupsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RecordsConfig) private readonly config: RecordsConfig,
  ) {}

  @RpcHandler(RecordsRpc.lookupByCitizenId)
  byCitizenId(@Payload() request: LookupByCitizenIdRequest, @Ctx() call: RpcCall) {
    return this.lookups.byCitizenId(request, call);
  }

  @RpcHandler(RecordsRpc.searchByName)
  byName(@Payload() request: SearchByNameRequest, @Ctx() call: RpcCall) {
    return this.lookups.byName(request, call);
  }

  @RpcHandler(RecordsRpc.getPersonDetail)
  detail(@Payload() request: GetPersonDetailRequest, @Ctx() call: RpcCall) {
    return this.lookups.detail(request, call);
  }

  @RpcHandler(RecordsRpc.verifyAuditChain)
  async verify(@Payload() _request: unknown, @Ctx() call: RpcCall) {
    requireRole(call, 'records-auditor');
    const { verification: v, head } = await verifyAuditChainAndHead(this.dataSource, {
      hmacKey: auditHmacKey(this.config),
    });
    return {
      ok: v.ok,
      entries: BigInt(v.ok ? v.entries : v.firstBroken.seq - 1),
      firstBroken: v.ok
        ? undefined
        : {
            seq: BigInt(v.firstBroken.seq),
            id: v.firstBroken.id ?? '',
            reason: v.firstBroken.reason,
            expectedSeq: BigInt(v.firstBroken.expectedSeq),
          },
      headSeq: BigInt(head.seq),
      headHash: head.hash,
    };
  }
}
