import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { organizationOf } from './directory.mapper.js';
import { MeModel, OrganizationModel } from './directory.models.js';

@Resolver(() => MeModel)
export class MeResolver {
  @Query(() => MeModel, { description: 'The caller: user, organization and roles.' })
  @Authorize()
  async me(@CurrentCaller() caller: Caller): Promise<MeModel> {
    const { principal } = caller;
    return { username: principal.username, organizationCode: principal.org, roles: [...principal.roles] };
  }

  @ResolveField(() => OrganizationModel, { nullable: true })
  async organization(@Parent() me: MeModel, @Context() ctx: GraphQLContext) {
    return organizationOf(me.organizationCode, ctx);
  }
}
