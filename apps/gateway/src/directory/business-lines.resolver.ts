import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { DirectoryRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { DirectoryAuditArgs } from './directory.inputs.js';
import { toAuditEntryModel, toBusinessLineModel } from './directory.mapper.js';
import { BusinessLineModel, DirectoryAuditEntryModel } from './directory.models.js';

/** The directory's code lists, and the audit of its administration. */
@Resolver()
export class BusinessLinesResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => [BusinessLineModel], {
    description:
      'The business lines and their case categories: the only codes transfers, pacts and consultations accept.',
  })
  @Authorize()
  async businessLines(@CurrentCaller() caller: Caller) {
    const { businessLines } = await this.rpc.call(
      DirectoryRpc.listBusinessLines,
      {},
      { token: caller.token },
    );
    return businessLines.map(toBusinessLineModel);
  }

  @Query(() => [DirectoryAuditEntryModel], {
    description: 'Changes made to the directory (divisions, basins, organizations), newest first.',
  })
  @Authorize('directory-admin')
  async directoryAudit(
    @Args() { target, first, before }: DirectoryAuditArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { entries } = await this.rpc.call(
      DirectoryRpc.listAuditEntries,
      { limit: first, ...(target ? { target } : {}), ...(before ? { beforeId: before } : {}) },
      { token: caller.token },
    );
    return entries.map(toAuditEntryModel);
  }
}
