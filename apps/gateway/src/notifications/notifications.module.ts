import { Module } from '@nestjs/common';
import { ConsultationNotificationsResolver } from './consultation-notifications.resolver.js';
import { RecordLookupNotificationsResolver } from './record-lookup-notifications.resolver.js';
import { TransferNotificationsResolver } from './transfer-notifications.resolver.js';

/** GraphQL subscriptions fed from the event stream; the EventFeed itself is provided by the AppModule. */
@Module({
  providers: [
    TransferNotificationsResolver,
    RecordLookupNotificationsResolver,
    ConsultationNotificationsResolver,
  ],
})
export class NotificationsModule {}
