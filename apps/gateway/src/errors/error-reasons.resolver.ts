import { Module } from '@nestjs/common';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ERROR_REASONS } from '@yiti/contracts';
import { Authorize } from '../auth/authorize.decorator.js';
import { clientCodeOf } from './error-codes.js';

@ObjectType('ErrorReason', {
  description:
    'A reason an error can give in `extensions.reason`, with the code it implies and its messages.',
})
export class ErrorReasonModel {
  @Field({ description: 'e.g. TRANSFER_ILLEGAL_MOVE: what `extensions.reason` says.' })
  reason!: string;
  @Field({ description: 'The `extensions.code` that comes with it (docs/errors.md).' })
  code!: string;
  @Field({
    description: 'common, gateway, directory, agreements, transfers, meetings, consultations or records.',
  })
  domain!: string;
  @Field({ description: 'The message in Chinese (zh-CN), as in `extensions.messages["zh-CN"]`.' })
  messageZh!: string;
  @Field({ description: 'The message in English, as in `extensions.messages.en`.' })
  messageEn!: string;
}

@Resolver(() => ErrorReasonModel)
export class ErrorReasonsResolver {
  @Query(() => [ErrorReasonModel], {
    description:
      'Every error reason of the catalogue, for a client to show or branch on (any signed-in user).',
  })
  @Authorize()
  errorReasons(): ErrorReasonModel[] {
    return ERROR_REASONS.map((r) => ({
      reason: r.reason,
      code: clientCodeOf(r.code),
      domain: r.domain,
      messageZh: r.zh,
      messageEn: r.en,
    }));
  }
}

@Module({ providers: [ErrorReasonsResolver] })
export class ErrorReasonsModule {}
