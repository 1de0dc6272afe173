import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  RecordsRpc,
  type GetPersonDetailRequest,
  type ListLookupAuditEntriesRequest,
  type LookupByCitizenIdRequest,
  type SearchByNameRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { DataSource } from 'typeorm';
import { verifyAuditChainAndHead } from '../audit/audit-chain.js';
import { checkCheckpoints } from '../audit/audit-checkpoint.js';
import { AuditCheckpointer } from '../audit/audit-checkpointer.js';
import { checkAuditFilter, listAuditEntries } from '../audit/audit-entries.js';
import { JsonLogger } from '@yiti/logging';
import { auditHmacKey, RecordsConfig } from '../records.config.js';
import { LookupsService } from './lookups.service.js';
import { RecordErrors } from './records.errors.js';

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
    @Inject(AuditCheckpointer) private readonly checkpointer: AuditCheckpointer,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
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
      lastCheckpoint: await this.lastCheckpoint(),
    };
  }

  /**
   * The last signed checkpoint in the stream, checked against this service's key and against the log. Missing
   * (undefined) when none has been published or the stream cannot be read: the chain's answer stands alone then.
   */
  private async lastCheckpoint() {
    let last;
    try {
      last = await this.checkpointer.last();
    } catch (err) {
      this.logger.event('warn', 'the last audit checkpoint could not be read', {
        component: 'RecordsController',
        error: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    }
    if (!last) return undefined;
    const raw = (last.value ?? {}) as { seq?: unknown; hash?: unknown; at?: unknown; keyId?: unknown };
    const key = this.checkpointer.publicKey;
    const signed = key ? checkCheckpoints([last], [key]).ok : false;
    const seq = typeof raw.seq === 'number' && Number.isSafeInteger(raw.seq) && raw.seq > 0 ? raw.seq : 0;
    const hash = typeof raw.hash === 'string' ? raw.hash : '';
    const [entry] = seq
      ? ((await this.dataSource.query(`SELECT "hash" FROM "records"."audit_log" WHERE "seq" = $1`, [
          seq,
        ])) as Array<{
          hash: string;
        }>)
      : [];
    return {
      seq: BigInt(seq),
      hash,
      signedAt: typeof raw.at === 'string' ? raw.at : '',
      keyId: typeof raw.keyId === 'string' ? raw.keyId : '',
      signatureValid: signed,
      matchesChain: Boolean(entry && hash && entry.hash === hash),
    };
  }

  @RpcHandler(RecordsRpc.listAuditEntries)
  async listAuditEntries(@Payload() request: ListLookupAuditEntriesRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'records-auditor');
    const checked = checkAuditFilter(request);
    if (!checked.ok) throw RecordErrors.badAuditFilter(checked.violations);
    return listAuditEntries(this.dataSource.manager, checked.filter);
  }
}
