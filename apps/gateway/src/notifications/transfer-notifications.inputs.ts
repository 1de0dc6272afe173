import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional } from 'class-validator';
import { TransferNotificationKind } from './transfer-notifications.models.js';

@ArgsType()
export class TransferNotificationsArgs {
  @Field(() => [TransferNotificationKind], {
    nullable: true,
    description: 'Only these kinds; null or an empty list means every kind.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(Object.keys(TransferNotificationKind).length)
  @IsEnum(TransferNotificationKind, { each: true })
  events?: TransferNotificationKind[] | null;
}
