import { Module } from '@nestjs/common';
import { TransferNotificationsResolver } from './transfer-notifications.resolver.js';

/** GraphQL subscriptions fed from the event stream; the EventFeed itself is provided by the AppModule. */
@Module({ providers: [TransferNotificationsResolver] })
export class NotificationsModule {}
