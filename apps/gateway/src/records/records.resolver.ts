import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { RecordsRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import {
  RecordLookupByCitizenIdArgs,
  RecordNameSearchInput,
  RecordPersonDetailArgs,
  RecordsAuditEntriesArgs,
} from './records.inputs.js';
import {
  toAuditPageModel,
  toAuditVerificationModel,
  toListAuditEntriesMessage,
  toLookupByCitizenIdMessage,
  toLookupResultModel,
  toPersonDetailMessage,
  toPersonDetailModel,
  toSearchByNameMessage,
} from './records.mapper.js';
import {
  RecordLookupResultModel,
  RecordPersonDetailModel,
  RecordsAuditPageModel,
  RecordsAuditVerificationModel,
} from './records.models.js';

const AUDITED =
  'The records service decides who may look up (role, organization, a complete purpose) and writes every lookup and every refusal to its hash-chained audit log before answering; if the audit write fails, the lookup fails.';
const RATE_LIMITED =
  'A user who makes more lookups in a minute than the records service allows gets RATE_LIMITED; the message says when to retry.';

/**
 * Offender-record lookups over the records service. The lookups are authorized by the service, not here
 * (`@Authorize()` only needs a signed-in caller): a refusal must reach the service so that it is audited.
 */
@Resolver()
export class RecordsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => RecordLookupResultModel, {
    description: `Looks a person up by exact citizen ID, for a stated purpose. The result lists at most one person with the citizen ID masked; the full record is \`recordPersonDetail\`, a second audited request. ${AUDITED} ${RATE_LIMITED}`,
  })
  @Authorize()
  async recordLookupByCitizenId(@Args() args: RecordLookupByCitizenIdArgs, @CurrentCaller() caller: Caller) {
    const found = await this.rpc.call(RecordsRpc.lookupByCitizenId, toLookupByCitizenIdMessage(args), {
      token: caller.token,
    });
    return toLookupResultModel(found);
  }

  @Query(() => RecordLookupResultModel, {
    description: `Searches persons by name in any script, with variant-aware fuzzy matching (扎西/扎喜, Tashi), optionally narrowed by birth date, sex and division, for a stated purpose. Results are best first, with citizen IDs masked and why each matched; the full record is \`recordPersonDetail\`, a second audited request. ${AUDITED} ${RATE_LIMITED}`,
  })
  @Authorize()
  async recordSearchByName(@Args('input') input: RecordNameSearchInput, @CurrentCaller() caller: Caller) {
    const found = await this.rpc.call(RecordsRpc.searchByName, toSearchByNameMessage(input), {
      token: caller.token,
    });
    return toLookupResultModel(found);
  }

  @Query(() => RecordPersonDetailModel, {
    description: `The full record of a person from a lookup result: the full citizen ID, every name and alias, and the convictions the stated purpose may see (sealed juvenile records only for a judicial-use purpose). A request of its own, with its own purpose and audit entry. NOT_FOUND if there is no such person. ${AUDITED} ${RATE_LIMITED}`,
  })
  @Authorize()
  async recordPersonDetail(@Args() args: RecordPersonDetailArgs, @CurrentCaller() caller: Caller) {
    const detail = await this.rpc.call(RecordsRpc.getPersonDetail, toPersonDetailMessage(args), {
      token: caller.token,
    });
    return toPersonDetailModel(detail);
  }

  @Query(() => RecordsAuditVerificationModel, {
    description:
      'A records auditor (role records-auditor) verifies the lookup audit log: every entry is re-hashed and checked against the one before it, from the first entry to the head.',
  })
  @Authorize('records-auditor')
  async recordsAuditVerification(@CurrentCaller() caller: Caller) {
    const verification = await this.rpc.call(RecordsRpc.verifyAuditChain, {}, { token: caller.token });
    return toAuditVerificationModel(verification);
  }

  @Query(() => RecordsAuditPageModel, {
    description:
      'A records auditor (role records-auditor) reads the lookup audit trail: who looked up, from which organization, what was asked, the stated purpose, case number and justification, when, and the outcome; newest first, filtered by period, user, organization and outcome, paged by `before`.',
  })
  @Authorize('records-auditor')
  async recordsAuditEntries(@Args() args: RecordsAuditEntriesArgs, @CurrentCaller() caller: Caller) {
    const page = await this.rpc.call(RecordsRpc.listAuditEntries, toListAuditEntriesMessage(args), {
      token: caller.token,
    });
    return toAuditPageModel(page);
  }
}
