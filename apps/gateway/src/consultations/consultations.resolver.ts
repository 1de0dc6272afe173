import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MeetingsRpc, type Consultation } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { OrganizationModel } from '../directory/directory.models.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { orNull } from '../graphql/or-null.js';
import { followUpToMessage } from './consultations.enums.js';
import {
  ConsultationIdArgs,
  ConsultationListArgs,
  EditConsultationInput,
  LogConsultationInput,
  OpenSupervisionMatterInput,
  RecordConsultationOpinionArgs,
  RecordPoliceResponseArgs,
} from './consultations.inputs.js';
import {
  toConsultationModel,
  toConsultationPageModel,
  toEditMessage,
  toFilterMessage,
  toLogMessage,
  toSupervisionMessage,
} from './consultations.mapper.js';
import { organizationOf } from '../directory/directory.mapper.js';
import { ConsultationModel, ConsultationPageModel } from './consultations.models.js';

/**
 * Police consultations at the ISCOs over the meetings service: a `police-liaison` officer logs one at the ISCO
 * of their county and records the police response, a prosecutor of that county's procuratorate gives the opinion
 * (the roles are checked here and again by the service, which also checks the organizations).
 */
@Resolver(() => ConsultationModel)
export class ConsultationsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => ConsultationModel, {
    nullable: true,
    description: 'A consultation; null if none or the caller may not see it.',
  })
  @Authorize()
  async consultation(@Args() { id }: ConsultationIdArgs, @CurrentCaller() caller: Caller) {
    const found = await orNull(this.rpc.call(MeetingsRpc.getConsultation, { id }, { token: caller.token }));
    return found && this.model(found.consultation);
  }

  @Query(() => ConsultationPageModel, {
    description:
      "Consultations the caller's organization takes part in (its ISCO, police bureau or procuratorate) or supervises, newest first.",
  })
  @Authorize()
  async consultations(
    @Args() { filter, first, after }: ConsultationListArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { consultations, nextPageToken } = await this.rpc.call(
      MeetingsRpc.listConsultations,
      { ...toFilterMessage(filter), pageSize: first, pageToken: after ?? '' },
      { token: caller.token },
    );
    return toConsultationPageModel(consultations, nextPageToken);
  }

  @Mutation(() => ConsultationModel, {
    description:
      "A police liaison officer logs a consultation at their county's ISCO. A retry with the same idempotencyKey returns the first consultation.",
  })
  @Authorize('police-liaison')
  async logConsultation(@Args('input') input: LogConsultationInput, @CurrentCaller() caller: Caller) {
    const { consultation } = await this.rpc.call(MeetingsRpc.logConsultation, toLogMessage(input), {
      token: caller.token,
    });
    return this.model(consultation);
  }

  @Mutation(() => ConsultationModel, {
    description:
      "A prosecutor of a county procuratorate opens a supervision matter to the county's police bureau (filing supervision or compulsory-measure review): it starts ANSWERED with the demand and its clock, and the police respond as to an opinion. A retry with the same idempotencyKey returns the first matter.",
  })
  @Authorize('prosecutor', 'chief-prosecutor')
  async openSupervisionMatter(
    @Args('input') input: OpenSupervisionMatterInput,
    @CurrentCaller() caller: Caller,
  ) {
    const { consultation } = await this.rpc.call(
      MeetingsRpc.openSupervisionMatter,
      toSupervisionMessage(input),
      { token: caller.token },
    );
    return this.model(consultation);
  }

  @Mutation(() => ConsultationModel, {
    description:
      "A prosecutor of the county's procuratorate gives the opinion (OPEN → ANSWERED), and sets the police's follow-up clock where the law sets one.",
  })
  @Authorize('prosecutor', 'chief-prosecutor')
  async recordConsultationOpinion(
    @Args() { id, opinion, followUp }: RecordConsultationOpinionArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { consultation } = await this.rpc.call(
      MeetingsRpc.recordOpinion,
      { id, opinion, followUp: followUpToMessage(followUp) },
      { token: caller.token },
    );
    return this.model(consultation);
  }

  @Mutation(() => ConsultationModel, {
    description:
      'A police liaison officer of the bureau that logged it records the response (ANSWERED → CLOSED).',
  })
  @Authorize('police-liaison')
  async recordPoliceResponse(
    @Args() { id, response }: RecordPoliceResponseArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { consultation } = await this.rpc.call(
      MeetingsRpc.recordPoliceResponse,
      { id, response },
      { token: caller.token },
    );
    return this.model(consultation);
  }

  @Mutation(() => ConsultationModel, {
    description:
      'A police liaison officer of the bureau that logged it changes what was logged, before the opinion (it stays OPEN); after the opinion CONFLICT.',
  })
  @Authorize('police-liaison')
  async editConsultation(@Args('input') input: EditConsultationInput, @CurrentCaller() caller: Caller) {
    const { consultation } = await this.rpc.call(MeetingsRpc.editConsultation, toEditMessage(input), {
      token: caller.token,
    });
    return this.model(consultation);
  }

  @Mutation(() => ConsultationModel, {
    description:
      'A police liaison officer of the bureau that logged it withdraws it, before the opinion (OPEN → WITHDRAWN); after the opinion CONFLICT.',
  })
  @Authorize('police-liaison')
  async withdrawConsultation(@Args() { id }: ConsultationIdArgs, @CurrentCaller() caller: Caller) {
    const { consultation } = await this.rpc.call(
      MeetingsRpc.withdrawConsultation,
      { id },
      { token: caller.token },
    );
    return this.model(consultation);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The ISCO from the directory (batched across the request); null if unknown.',
  })
  isco(@Parent() consultation: ConsultationModel, @Context() ctx: GraphQLContext) {
    return organizationOf(consultation.iscoOrg, ctx);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The police bureau from the directory (batched across the request); null if unknown.',
  })
  policeBureau(@Parent() consultation: ConsultationModel, @Context() ctx: GraphQLContext) {
    return organizationOf(consultation.policeOrg, ctx);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The procuratorate from the directory (batched across the request); null if unknown.',
  })
  procuratorate(@Parent() consultation: ConsultationModel, @Context() ctx: GraphQLContext) {
    return organizationOf(consultation.procuratorateOrg, ctx);
  }

  private model(consultation: Consultation | undefined): ConsultationModel {
    if (!consultation) throw new Error('the meetings service answered without the consultation');
    return toConsultationModel(consultation);
  }
}
