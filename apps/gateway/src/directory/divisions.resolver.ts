import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DirectoryRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { orNull } from '../graphql/or-null.js';
import {
  BasinCodeArgs,
  CreateBasinInput,
  CreateDivisionInput,
  DivisionCodeArgs,
  DivisionsArgs,
  SetBasinMembershipInput,
} from './directory.inputs.js';
import { divisionTypeToMessage, toBasinModel, toDivisionModel } from './directory.mapper.js';
import { BasinModel, DivisionLookupModel, DivisionModel } from './directory.models.js';

@Resolver(() => DivisionModel)
export class DivisionsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => DivisionLookupModel, {
    nullable: true,
    description: 'A division by current or legacy code (542223 → 贡嘎县 540522); null if none.',
  })
  @Authorize()
  async division(@Args() { code }: DivisionCodeArgs, @CurrentCaller() caller: Caller) {
    const found = await orNull(this.rpc.call(DirectoryRpc.getDivision, { code }, { token: caller.token }));
    return (
      found && { division: toDivisionModel(found.division!), matchedLegacyCode: found.matchedLegacyCode }
    );
  }

  @Query(() => [DivisionModel], { description: 'Divisions, optionally the children of one.' })
  @Authorize()
  async divisions(@Args() { parentCode }: DivisionsArgs, @CurrentCaller() caller: Caller) {
    const { divisions } = await this.rpc.call(DirectoryRpc.listDivisions, parentCode ? { parentCode } : {}, {
      token: caller.token,
    });
    return divisions.map(toDivisionModel);
  }

  @Query(() => BasinModel, { nullable: true, description: 'A river basin with its member divisions.' })
  @Authorize()
  async basin(@Args() { code }: BasinCodeArgs, @CurrentCaller() caller: Caller) {
    const found = await orNull(this.rpc.call(DirectoryRpc.getBasin, { code }, { token: caller.token }));
    return found && toBasinModel(found.basin!);
  }

  @Mutation(() => BasinModel)
  @Authorize('directory-admin')
  async setBasinMembership(@Args('input') input: SetBasinMembershipInput, @CurrentCaller() caller: Caller) {
    const { basin } = await this.rpc.call(DirectoryRpc.setBasinMembership, input, { token: caller.token });
    return toBasinModel(basin!);
  }

  @Mutation(() => DivisionModel, {
    description:
      'Adds a division (GB/T 2260) under an existing parent; audited. A retry with the same values returns it; another division with the code is CONFLICT.',
  })
  @Authorize('directory-admin')
  async createDivision(@Args('input') input: CreateDivisionInput, @CurrentCaller() caller: Caller) {
    const { division } = await this.rpc.call(
      DirectoryRpc.createDivision,
      {
        code: input.code,
        type: divisionTypeToMessage(input.type),
        parentCode: input.parentCode ?? '',
        nameZh: input.nameZh,
        nameBo: input.nameBo,
        nameEn: input.nameEn,
        pinyin: input.pinyin,
      },
      { token: caller.token },
    );
    return toDivisionModel(division!);
  }

  @Mutation(() => BasinModel, { description: 'Adds a river basin with its member divisions; audited.' })
  @Authorize('directory-admin')
  async createRiverBasin(@Args('input') input: CreateBasinInput, @CurrentCaller() caller: Caller) {
    const { basin } = await this.rpc.call(DirectoryRpc.createBasin, input, { token: caller.token });
    return toBasinModel(basin!);
  }

  @ResolveField(() => DivisionModel, { nullable: true })
  async parent(@Parent() division: DivisionModel, @Context() ctx: GraphQLContext) {
    const parent = division.parentCode ? await ctx.directory.divisions.load(division.parentCode) : null;
    return parent && toDivisionModel(parent);
  }
}
