import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MeetingsRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { organizationOf } from '../directory/directory.mapper.js';
import { OrganizationModel } from '../directory/directory.models.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { MeetingStatisticsArgs } from './meetings.inputs.js';
import { toMeetingKindStatisticsModel } from './meetings.mapper.js';
import { MeetingKindStatisticsModel } from './meetings.models.js';

/** Meetings held and cases discussed per host organization and kind, over the meetings the caller may see. */
@Resolver(() => MeetingKindStatisticsModel)
export class MeetingStatisticsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => [MeetingKindStatisticsModel], {
    description:
      'Meetings concluded in a period per host organization and kind, with the cases discussed and the items referred to the procuratorial committee, over the meetings the caller may see. Organizations and kinds with none are left out.',
  })
  @Authorize()
  async meetingStatistics(
    @Args() { fromDate, toDate }: MeetingStatisticsArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { rows } = await this.rpc.call(
      MeetingsRpc.meetingStatistics,
      { fromDate: fromDate ?? '', toDate: toDate ?? '' },
      { token: caller.token },
    );
    return rows.map(toMeetingKindStatisticsModel);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The host organization from the directory (batched across the request); null if unknown.',
  })
  host(@Parent() statistics: MeetingKindStatisticsModel, @Context() ctx: GraphQLContext) {
    return organizationOf(statistics.hostOrg, ctx);
  }
}
