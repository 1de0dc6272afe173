import { Inject } from '@nestjs/common';
import { Resolver, Subscription } from '@nestjs/graphql';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { consultationNotificationsFor } from './consultation-notifications.mapper.js';
import { ConsultationNotificationModel } from './consultation-notifications.models.js';
import { EventFeed } from './event-feed.js';

/** Live notifications from the event stream, over graphql-ws (see subscription-server.ts). */
@Resolver()
export class ConsultationNotificationsResolver {
  constructor(@Inject(EventFeed) private readonly feed: EventFeed) {}

  @Subscription(() => ConsultationNotificationModel, {
    description:
      "Police-consultation events from now on, for every consultation the caller's organization may see (its ISCO, police bureau or procuratorate, or a superior): logged, answered (the opinion and follow-up clock), responded, follow-up overdue, edited, withdrawn. A subscription that falls more than 1000 notifications behind ends with SERVICE_UNAVAILABLE.",
    resolve: (notification: ConsultationNotificationModel) => notification,
  })
  @Authorize()
  consultationNotifications(@CurrentCaller() caller: Caller) {
    return this.feed.subscribe(consultationNotificationsFor(caller.principal.org));
  }
}
