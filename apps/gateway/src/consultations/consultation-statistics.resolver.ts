import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MeetingsRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { OrganizationModel } from '../directory/directory.models.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { ConsultationStatisticsArgs } from './consultations.inputs.js';
import { organizationOf } from '../directory/directory.mapper.js';
import { toOfficeStatisticsModel } from './consultations.mapper.js';
import { OfficeStatisticsModel } from './consultations.models.js';

/** Per-office figures of the ISCOs: consultations by type, cases consulted, meetings held, overdue follow-ups. */
@Resolver(() => OfficeStatisticsModel)
export class ConsultationStatisticsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => [OfficeStatisticsModel], {
    description:
      'Figures per ISCO over a period (consultations logged in it), for one ISCO or every ISCO the caller may see.',
  })
  @Authorize()
  async consultationStatistics(
    @Args() { iscoOrg, fromDate, toDate }: ConsultationStatisticsArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { offices } = await this.rpc.call(
      MeetingsRpc.consultationStatistics,
      { iscoOrg: iscoOrg ?? '', fromDate: fromDate ?? '', toDate: toDate ?? '' },
      { token: caller.token },
    );
    return offices.map(toOfficeStatisticsModel);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The ISCO from the directory (batched across the request); null if unknown.',
  })
  isco(@Parent() statistics: OfficeStatisticsModel, @Context() ctx: GraphQLContext) {
    return organizationOf(statistics.iscoOrg, ctx);
  }
}
