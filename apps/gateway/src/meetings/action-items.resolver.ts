import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { MeetingsRpc } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { actionStatusToMessage } from './meetings.enums.js';
import { MyActionItemsArgs, UpdateActionItemArgs } from './agenda.inputs.js';
import { toActionItemModel } from './meetings.mapper.js';
import { ActionItemModel } from './meetings.models.js';

/**
 * Action items are the tasks agenda items give organizations. They become tasks (with a due date) when their
 * meeting concludes; the owner organization sees its own, and any of its users marks one done or open again (the
 * service checks the organization: another one's item is NOT_FOUND).
 */
@Resolver(() => ActionItemModel)
export class ActionItemsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => [ActionItemModel], {
    description: "The caller's organization's tasks from concluded meetings, earliest due first.",
  })
  @Authorize()
  async myActionItems(@Args() { statuses }: MyActionItemsArgs, @CurrentCaller() caller: Caller) {
    const { items } = await this.rpc.call(
      MeetingsRpc.listActionItems,
      { statuses: (statuses ?? []).map(actionStatusToMessage) },
      { token: caller.token },
    );
    return items.map(toActionItemModel);
  }

  @Mutation(() => ActionItemModel, {
    description:
      "Marks one of the caller's organization's action items done (or open again), once its meeting concluded.",
  })
  @Authorize()
  async updateActionItem(
    @Args() { meetingId, actionId, status }: UpdateActionItemArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { item } = await this.rpc.call(
      MeetingsRpc.updateActionItem,
      { meetingId, actionId, status: actionStatusToMessage(status) },
      { token: caller.token },
    );
    if (!item) throw new Error('the meetings service answered without the action item');
    return toActionItemModel(item);
  }
}
