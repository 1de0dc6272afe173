import { Inject } from '@nestjs/common';
import { Resolver, Subscription } from '@nestjs/graphql';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { EventFeed } from './event-feed.js';
import { recordLookupNotificationsFor } from './record-lookup-notifications.mapper.js';
import { RecordLookupNotificationModel } from './record-lookup-notifications.models.js';

/** Live notifications from the event stream, over graphql-ws (see subscription-server.ts). */
@Resolver()
export class RecordLookupNotificationsResolver {
  constructor(@Inject(EventFeed) private readonly feed: EventFeed) {}

  @Subscription(() => RecordLookupNotificationModel, {
    description:
      "From now on, every offender-record lookup by another organization that returned records the caller's organization holds: who looked up, for which purpose and case, and which persons. A subscription that falls more than 1000 notifications behind ends with SERVICE_UNAVAILABLE.",
    resolve: (notification: RecordLookupNotificationModel) => notification,
  })
  @Authorize()
  recordLookupNotifications(@CurrentCaller() caller: Caller) {
    return this.feed.subscribe(recordLookupNotificationsFor(caller.principal.org));
  }
}
