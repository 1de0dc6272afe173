import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AgreementsRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { toOrganizationModel } from '../directory/directory.mapper.js';
import { OrganizationModel } from '../directory/directory.models.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { orNull } from '../graphql/or-null.js';
import {
  AgreementCodeArgs,
  AgreementDiffArgs,
  AgreementsArgs,
  AgreementsCoveringArgs,
  AmendAgreementInput,
  CreateAgreementInput,
  RenewAgreementInput,
  ReviseDraftInput,
  SetAgreementPublicInput,
  SignAgreementInput,
  TerminateAgreementInput,
} from './agreements.inputs.js';
import {
  kindToMessage,
  statusToMessage,
  toAgreementModel,
  toContentMessage,
  toCoveringModel,
  toDiffModel,
} from './agreements.mapper.js';
import { AgreementDiffModel, AgreementModel, CoveringAgreementModel } from './agreements.models.js';

/**
 * Agreements over the agreements service. Roles mirror the service's controller (prosecutors draft, circulate
 * and amend; chief prosecutors sign and terminate; directory admins mark pacts public); whether the caller's
 * organization is a party is the service's to decide.
 */
@Resolver(() => AgreementModel)
export class AgreementsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => [AgreementModel], {
    description: 'Agreements the caller may see (as a party, a superior of one, or public), filtered.',
  })
  @Authorize()
  async agreements(@Args() { filter }: AgreementsArgs, @CurrentCaller() caller: Caller) {
    const { agreements } = await this.rpc.call(
      AgreementsRpc.list,
      {
        ...(filter?.partyCode ? { partyCode: filter.partyCode } : {}),
        ...(filter?.kind ? { kind: kindToMessage(filter.kind) } : {}),
        ...(filter?.status ? { status: statusToMessage(filter.status) } : {}),
        ...(filter?.basinCode ? { basinCode: filter.basinCode } : {}),
        ...(filter?.divisionCode ? { divisionCode: filter.divisionCode } : {}),
      },
      { token: caller.token },
    );
    return agreements.map(toAgreementModel);
  }

  @Query(() => AgreementModel, {
    nullable: true,
    description: 'An agreement by code; null if none or the caller may not see it.',
  })
  @Authorize()
  async agreement(@Args() { code }: AgreementCodeArgs, @CurrentCaller() caller: Caller) {
    const found = await orNull(this.rpc.call(AgreementsRpc.get, { code }, { token: caller.token }));
    return found && toAgreementModel(found.agreement!);
  }

  @Query(() => AgreementDiffModel, {
    description: 'What changed between two versions (parties and their superiors only).',
  })
  @Authorize()
  async agreementDiff(
    @Args() { code, fromVersion, toVersion }: AgreementDiffArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const diff = await this.rpc.call(
      AgreementsRpc.diff,
      { code, fromVersion, toVersion },
      { token: caller.token },
    );
    return toDiffModel(diff);
  }

  @Query(() => [CoveringAgreementModel], {
    description:
      'The agreements in force that cover a transfer between two organizations, with the deadlines they set.',
  })
  @Authorize()
  async agreementsCovering(@Args() args: AgreementsCoveringArgs, @CurrentCaller() caller: Caller) {
    const { agreements } = await this.rpc.call(
      AgreementsRpc.covering,
      {
        fromOrg: args.from,
        toOrg: args.to,
        businessLine: args.businessLine,
        category: args.category,
        divisionCode: args.divisionCode ?? '',
        onDate: args.onDate ?? '',
      },
      { token: caller.token },
    );
    return agreements.map(toCoveringModel);
  }

  @Mutation(() => AgreementModel, {
    description: "Drafts an agreement; the caller's organization is a party.",
  })
  @Authorize('prosecutor', 'chief-prosecutor')
  async createAgreement(@Args('input') input: CreateAgreementInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.create,
      {
        code: input.code,
        kind: kindToMessage(input.kind),
        partyCodes: input.partyCodes,
        content: toContentMessage(input.content),
        idempotencyKey: input.idempotencyKey ?? '',
      },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, { description: 'Replaces the content of a draft.' })
  @Authorize('prosecutor', 'chief-prosecutor')
  async reviseAgreementDraft(@Args('input') input: ReviseDraftInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.reviseDraft,
      { code: input.code, content: toContentMessage(input.content) },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, { description: 'Sends a draft to the parties for signature.' })
  @Authorize('prosecutor', 'chief-prosecutor')
  async circulateAgreement(@Args() { code }: AgreementCodeArgs, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(AgreementsRpc.circulate, { code }, { token: caller.token });
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, {
    description:
      "Signs the newest version for the caller's organization; in force once every party has signed.",
  })
  @Authorize('chief-prosecutor')
  async signAgreement(@Args('input') input: SignAgreementInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.sign,
      { code: input.code, version: input.version, digest: input.digest },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, {
    description: 'A new version every party signs again; the version in force stays so until then.',
  })
  @Authorize('prosecutor', 'chief-prosecutor')
  async amendAgreement(@Args('input') input: AmendAgreementInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.amend,
      {
        code: input.code,
        content: toContentMessage(input.content),
        idempotencyKey: input.idempotencyKey ?? '',
      },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, {
    description:
      'Extends (or changes) the term: a new version with the same text that every party signs again.',
  })
  @Authorize('prosecutor', 'chief-prosecutor')
  async renewAgreement(@Args('input') input: RenewAgreementInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.renew,
      { code: input.code, effectiveTo: input.effectiveTo ?? '', idempotencyKey: input.idempotencyKey ?? '' },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, { description: 'Ends the agreement for every party, with a reason.' })
  @Authorize('chief-prosecutor')
  async terminateAgreement(@Args('input') input: TerminateAgreementInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.terminate,
      { code: input.code, reason: input.reason },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @Mutation(() => AgreementModel, {
    description:
      "Marks a pact public or not. A public pact's summary (titles, parties and term) is visible to every authenticated user.",
  })
  @Authorize('directory-admin')
  async setAgreementPublic(@Args('input') input: SetAgreementPublicInput, @CurrentCaller() caller: Caller) {
    const { agreement } = await this.rpc.call(
      AgreementsRpc.setPublic,
      { code: input.code, public: input.public },
      { token: caller.token },
    );
    return toAgreementModel(agreement!);
  }

  @ResolveField(() => [OrganizationModel], {
    description: 'The parties from the directory, batched across the whole request.',
  })
  async parties(@Parent() agreement: AgreementModel, @Context() ctx: GraphQLContext) {
    const parties = await ctx.directory.organizations.loadMany(agreement.partyCodes);
    return parties.map((party, i) => {
      if (party instanceof Error) throw party;
      if (!party) throw new Error(`party ${agreement.partyCodes[i]} of ${agreement.code} is missing`);
      return toOrganizationModel(party);
    });
  }
}
