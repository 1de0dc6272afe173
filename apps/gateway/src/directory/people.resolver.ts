import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DirectoryRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { PeopleArgs } from './directory.inputs.js';
import { toOrganizationModel } from './directory.mapper.js';
import { OrganizationModel, PersonModel } from './directory.models.js';

/** The people directory: who a meeting secretary invites, by name and organization. */
@Resolver(() => PersonModel)
export class PeopleResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => [PersonModel], {
    description: 'People who sign in to Yiti, by organization then name; for any signed-in user.',
  })
  @Authorize()
  async people(@Args() { organizationCode, search, first }: PeopleArgs, @CurrentCaller() caller: Caller) {
    const { people } = await this.rpc.call(
      DirectoryRpc.listPeople,
      {
        limit: first,
        ...(organizationCode ? { organizationCode } : {}),
        ...(search ? { search } : {}),
      },
      { token: caller.token },
    );
    return people.map((p): PersonModel => ({
      username: p.username,
      displayName: p.displayName,
      organizationCode: p.organizationCode,
      roles: [...p.roles],
    }));
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'Their organization from the directory (batched across the request).',
  })
  async organization(@Parent() person: PersonModel, @Context() ctx: GraphQLContext) {
    const organization = await ctx.directory.organizations.load(person.organizationCode);
    return organization && toOrganizationModel(organization);
  }
}
