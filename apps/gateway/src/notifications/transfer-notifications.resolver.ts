import { Inject } from '@nestjs/common';
import { Args, Resolver, Subscription } from '@nestjs/graphql';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { EventFeed } from './event-feed.js';
import { TransferNotificationsArgs } from './transfer-notifications.inputs.js';
import { transferNotificationsFor } from './transfer-notifications.mapper.js';
import { TransferNotificationModel } from './transfer-notifications.models.js';

/** Live notifications from the event stream, over graphql-ws (see subscription-server.ts). */
@Resolver()
export class TransferNotificationsResolver {
  constructor(@Inject(EventFeed) private readonly feed: EventFeed) {}

  @Subscription(() => TransferNotificationModel, {
    description:
      "Transfer events from now on, for every transfer the caller's organization may see (a party, or a superior procuratorate of one), optionally only some kinds. A subscription that falls more than 1000 notifications behind ends with SERVICE_UNAVAILABLE.",
    resolve: (notification: TransferNotificationModel) => notification,
  })
  @Authorize()
  transferNotifications(@Args() { events }: TransferNotificationsArgs, @CurrentCaller() caller: Caller) {
    return this.feed.subscribe(transferNotificationsFor(caller.principal.org, events));
  }
}
