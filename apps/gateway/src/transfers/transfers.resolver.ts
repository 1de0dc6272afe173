import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Box, TransfersRpc, type Transfer } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { organizationOf } from '../directory/directory.mapper.js';
import { OrganizationModel } from '../directory/directory.models.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { orNull } from '../graphql/or-null.js';
import {
  groupingToMessage,
  objectionGroundsToMessage,
  returnReasonToMessage,
  type TransferBox,
} from './transfers.enums.js';
import {
  AcceptTransferArgs,
  DesignateJurisdictionArgs,
  EscalateTransferArgs,
  ObjectToTransferArgs,
  ReturnTransferArgs,
  SendTransferDraftArgs,
  SendTransferInput,
  TransferIdArgs,
  TransferListArgs,
  TransferScorecardsArgs,
  UpdateTransferDraftArgs,
} from './transfers.inputs.js';
import {
  toContentMessage,
  toFilterMessage,
  toPageModel,
  toScorecardModel,
  toTransferModel,
} from './transfers.mapper.js';
import { TransferModel, TransferPageModel, TransferScorecardModel } from './transfers.models.js';

const PROSECUTORS = ['prosecutor', 'chief-prosecutor'] as const;
/** Who may list transfers (as the service's LIST_ROLES): a police liaison officer gets FORBIDDEN. */
const LIST_ROLES = ['prosecutor', 'chief-prosecutor', 'meeting-secretary'] as const;

/**
 * Transfers over the transfers service. Drafting and sending need a prosecutor, listing a prosecutor, chief
 * prosecutor or meeting secretary (as the service's controller does); every other move is open to any
 * authenticated user here because the service's lifecycle decides it with the transfer in hand (which
 * organization — sender, receiver, a party, the common superior — and which role may make it).
 */
@Resolver(() => TransferModel)
export class TransfersResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => TransferPageModel, {
    description: "Transfers sent to the caller's organization, newest first.",
  })
  @Authorize(...LIST_ROLES)
  transferInbox(@Args() args: TransferListArgs, @CurrentCaller() caller: Caller) {
    return this.list(Box.INBOX, args, caller);
  }

  @Query(() => TransferPageModel, {
    description: "Transfers the caller's organization sent or drafted, newest first.",
  })
  @Authorize(...LIST_ROLES)
  transferOutbox(@Args() args: TransferListArgs, @CurrentCaller() caller: Caller) {
    return this.list(Box.OUTBOX, args, caller);
  }

  @Query(() => TransferPageModel, {
    description:
      "Transfers between organizations the caller's procuratorate supervises (it is a superior of a party), newest first.",
  })
  @Authorize(...LIST_ROLES)
  supervisedTransfers(@Args() args: TransferListArgs, @CurrentCaller() caller: Caller) {
    return this.list(Box.SUPERVISED, args, caller);
  }

  @Query(() => TransferModel, {
    nullable: true,
    description:
      'A transfer with its attachments and timeline; null if none or the caller may not see it. The receiving organization opening it for the first time records the receipt (SENT → RECEIVED).',
  })
  @Authorize()
  async transfer(@Args() { id }: TransferIdArgs, @CurrentCaller() caller: Caller) {
    const found = await orNull(this.rpc.call(TransfersRpc.get, { id }, { token: caller.token }));
    return found && this.model(found.transfer);
  }

  @Query(() => [TransferScorecardModel], {
    description: 'How transfers fared per pact or per organization, over the transfers the caller may see.',
  })
  @Authorize()
  async transferScorecards(@Args() args: TransferScorecardsArgs, @CurrentCaller() caller: Caller) {
    const { scorecards } = await this.rpc.call(
      TransfersRpc.scorecards,
      { groupBy: groupingToMessage(args.groupBy), fromDate: args.fromDate ?? '', toDate: args.toDate ?? '' },
      { token: caller.token },
    );
    return scorecards.map(toScorecardModel);
  }

  @Mutation(() => TransferModel, {
    description:
      'Creates and sends a transfer in one step, with its legal basis (the covering pact in force, or the default rules) and deadlines. A retry with the same idempotencyKey returns the first transfer.',
  })
  @Authorize(...PROSECUTORS)
  async sendTransfer(@Args('input') input: SendTransferInput, @CurrentCaller() caller: Caller) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.send,
      { content: toContentMessage(input), idempotencyKey: input.idempotencyKey },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description:
      'Saves a draft only the sending organization sees. A retry with the same idempotencyKey returns the first draft.',
  })
  @Authorize(...PROSECUTORS)
  async createTransferDraft(@Args('input') input: SendTransferInput, @CurrentCaller() caller: Caller) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.createDraft,
      { content: toContentMessage(input), idempotencyKey: input.idempotencyKey },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, { description: "Replaces a draft's content." })
  @Authorize(...PROSECUTORS)
  async updateTransferDraft(
    @Args() { id, content }: UpdateTransferDraftArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.updateDraft,
      { id, content: toContentMessage(content) },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description:
      'Sends a draft (its legal basis is chosen now). A retry with the same idempotencyKey returns the transfer as the first send left it.',
  })
  @Authorize(...PROSECUTORS)
  async sendTransferDraft(
    @Args() { id, idempotencyKey }: SendTransferDraftArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.sendDraft,
      { id, idempotencyKey },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description:
      "The receiving organization's prosecutor takes the transfer (recording the receipt first if needed).",
  })
  @Authorize()
  async acceptTransfer(@Args() { id, note }: AcceptTransferArgs, @CurrentCaller() caller: Caller) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.accept,
      { id, note: note ?? '' },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description: "The receiving organization's prosecutor sends it back to the sender with a coded reason.",
  })
  @Authorize()
  async returnTransfer(@Args() { id, reason, text }: ReturnTransferArgs, @CurrentCaller() caller: Caller) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.return,
      { id, reason: returnReasonToMessage(reason), text: text ?? '' },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description:
      "The receiving organization's chief prosecutor disputes it with coded grounds; a heads' consultation is scheduled.",
  })
  @Authorize()
  async objectToTransfer(
    @Args() { id, grounds, text }: ObjectToTransferArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.object,
      { id, grounds: objectionGroundsToMessage(grounds), text },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description: "A party's chief prosecutor takes an open dispute to the common superior procuratorate.",
  })
  @Authorize()
  async escalateTransfer(@Args() { id, text }: EscalateTransferArgs, @CurrentCaller() caller: Caller) {
    const { transfer } = await this.rpc.call(TransfersRpc.escalate, { id, text }, { token: caller.token });
    return this.model(transfer);
  }

  @Mutation(() => TransferModel, {
    description:
      "The common superior's chief prosecutor designates the organization that handles an escalated transfer (指定管辖).",
  })
  @Authorize()
  async designateJurisdiction(
    @Args() { id, handlingOrg, text }: DesignateJurisdictionArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { transfer } = await this.rpc.call(
      TransfersRpc.designate,
      { id, handlingOrg, text },
      { token: caller.token },
    );
    return this.model(transfer);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The sending organization from the directory (batched across the request); null if unknown.',
  })
  sender(@Parent() transfer: TransferModel, @Context() ctx: GraphQLContext) {
    return organizationOf(transfer.senderOrg, ctx);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description:
      'The receiving organization from the directory (batched across the request); null if unknown.',
  })
  receiver(@Parent() transfer: TransferModel, @Context() ctx: GraphQLContext) {
    return organizationOf(transfer.receiverOrg, ctx);
  }

  private async list(box: TransferBox, { filter, first, after }: TransferListArgs, caller: Caller) {
    const { transfers, nextPageToken } = await this.rpc.call(
      TransfersRpc.list,
      { ...toFilterMessage(filter), box, pageSize: first, pageToken: after ?? '' },
      { token: caller.token },
    );
    return toPageModel(transfers, nextPageToken);
  }

  private model(transfer: Transfer | undefined): TransferModel {
    if (!transfer) throw new Error('the transfers service answered without the transfer');
    return toTransferModel(transfer);
  }
}
