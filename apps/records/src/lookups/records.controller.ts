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
import { verifyAuditChain } from '../audit/audit-chain.js';
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
    const result = await verifyAuditChain(this.dataSource, { hmacKey: auditHmacKey(this.config) });
    const [head] = (await this.dataSource.query(
      `SELECT "seq"::text AS seq, "hash" FROM "records"."audit_head" WHERE "singleton"`,
    )) as Array<{ seq: string; hash: string }>;
    return {
      ok: result.ok,
      entries: BigInt(result.ok ? result.entries : result.firstBroken.seq - 1),
      firstBroken: result.ok
        ? undefined
        : {
            seq: BigInt(result.firstBroken.seq),
            id: result.firstBroken.id ?? '',
            reason: result.firstBroken.reason,
            expectedSeq: BigInt(result.firstBroken.expectedSeq),
          },
      headSeq: BigInt(head?.seq ?? 0),
      headHash: head?.hash ?? '',
    };
  }
}
