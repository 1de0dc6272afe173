import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DirectoryRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import {
  CommonSuperiorArgs,
  CreateOrganizationInput,
  OrganizationCodeArgs,
  OrganizationsArgs,
  UpdateOrganizationInput,
} from './directory.inputs.js';
import { kindToMessage, organizationOf, toDivisionModel, toOrganizationModel } from './directory.mapper.js';
import { DivisionModel, OrganizationModel } from './directory.models.js';

@Resolver(() => OrganizationModel)
export class OrganizationsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => OrganizationModel, { nullable: true, description: 'An organization by code; null if none.' })
  @Authorize()
  async organization(@Args() { code }: OrganizationCodeArgs, @Context() ctx: GraphQLContext) {
    return organizationOf(code, ctx);
  }

  @Query(() => [OrganizationModel], {
    description: 'Organizations, filtered by kind, city, division or basin.',
  })
  @Authorize()
  async organizations(@Args() { filter }: OrganizationsArgs, @CurrentCaller() caller: Caller) {
    const { organizations } = await this.rpc.call(
      DirectoryRpc.listOrganizations,
      {
        ...(filter?.kind ? { kind: kindToMessage(filter.kind) } : {}),
        ...(filter?.cityCode ? { cityCode: filter.cityCode } : {}),
        ...(filter?.divisionCode ? { divisionCode: filter.divisionCode } : {}),
        ...(filter?.basinCode ? { basinCode: filter.basinCode } : {}),
      },
      { token: caller.token },
    );
    return organizations.map(toOrganizationModel);
  }

  @Query(() => OrganizationModel, {
    description: 'The nearest procuratorate above both (it decides designated jurisdiction between them).',
  })
  @Authorize()
  async commonSuperior(@Args() { first, second }: CommonSuperiorArgs, @CurrentCaller() caller: Caller) {
    const { organization } = await this.rpc.call(
      DirectoryRpc.getCommonSuperior,
      { firstCode: first, secondCode: second },
      { token: caller.token },
    );
    return toOrganizationModel(organization!);
  }

  @Mutation(() => OrganizationModel)
  @Authorize('directory-admin')
  async createOrganization(@Args('input') input: CreateOrganizationInput, @CurrentCaller() caller: Caller) {
    const { organization } = await this.rpc.call(
      DirectoryRpc.createOrganization,
      {
        kind: kindToMessage(input.kind),
        divisionCode: input.divisionCode,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
      },
      { token: caller.token },
    );
    return toOrganizationModel(organization!);
  }

  @Mutation(() => OrganizationModel)
  @Authorize('directory-admin')
  async updateOrganization(@Args('input') input: UpdateOrganizationInput, @CurrentCaller() caller: Caller) {
    const { organization } = await this.rpc.call(DirectoryRpc.updateOrganization, input, {
      token: caller.token,
    });
    return toOrganizationModel(organization!);
  }

  @ResolveField(() => DivisionModel)
  async division(@Parent() org: OrganizationModel, @Context() ctx: GraphQLContext) {
    const division = await ctx.directory.divisions.load(org.divisionCode);
    if (!division) throw new Error(`division ${org.divisionCode} of ${org.code} is missing`);
    return toDivisionModel(division);
  }

  @ResolveField(() => DivisionModel, { nullable: true })
  async city(@Parent() org: OrganizationModel, @Context() ctx: GraphQLContext) {
    const city = org.cityCode ? await ctx.directory.divisions.load(org.cityCode) : null;
    return city && toDivisionModel(city);
  }

  @ResolveField(() => OrganizationModel, { nullable: true })
  async superior(@Parent() org: OrganizationModel, @Context() ctx: GraphQLContext) {
    return organizationOf(org.superiorCode, ctx);
  }
}
