import { applyDecorators } from '@nestjs/common';
import { Field, ID } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsEnum,
  IsOptional,
  Matches,
  MaxLength,
  type ValidationOptions,
} from 'class-validator';
import { DATE, IDEMPOTENCY_KEY, UUID } from '@yiti/contracts';
import { MESSAGES, NOT_BLANK, trimmed } from './input-messages.js';

/*
 * The field declarations every feature's inputs repeat: a GraphQL field and the validation that goes with it, in
 * one decorator each. What is particular to one input stays written out beside it.
 */

/** Decorators as if stacked above a property in this order: applied bottom-up, like written out. */
const stacked = (...decorators: PropertyDecorator[]) => applyDecorators(...decorators.reverse());

/** An id (UUID): `ID!`, or `ID` (null = none) with `nullable`. */
export const IdField = (description: string, message: ValidationOptions, { nullable = false } = {}) =>
  nullable
    ? stacked(
        Field(() => ID, { nullable, description }),
        IsOptional(),
        Matches(UUID, message),
      )
    : stacked(
        Field(() => ID, { description }),
        Matches(UUID, message),
      );

/** Text the service trims and requires: 1-`maxLength` characters after trimming. */
export const RequiredTextField = (maxLength: number, description: string) =>
  stacked(
    Field(() => String, { description }),
    trimmed(),
    Matches(NOT_BLANK, MESSAGES.REQUIRED),
    MaxLength(maxLength),
  );

/** Text the service trims, at most `maxLength` characters; null (or empty) = none. */
export const OptionalTextField = (maxLength: number, description: string) =>
  stacked(
    Field(() => String, { nullable: true, description }),
    IsOptional(),
    trimmed(),
    MaxLength(maxLength),
  );

/** A date YYYY-MM-DD; null = what `description` says. */
export const OptionalDateField = (description: string) =>
  stacked(
    Field(() => String, { nullable: true, description }),
    IsOptional(),
    Matches(DATE, MESSAGES.ON_DATE),
  );

/** The required idempotency key of a creating mutation; a retry with the same key returns `theFirst`. */
export const IdempotencyKeyField = (theFirst: string) =>
  stacked(
    Field(() => String, {
      description: `Required: a key (e.g. a UUID) the client makes once per intended change; a retry with the same key returns ${theFirst}.`,
    }),
    Matches(IDEMPOTENCY_KEY, MESSAGES.IDEMPOTENCY),
  );

/** Any of the values of a GraphQL enum, each at most once as the service counts them; null or empty = all. */
export const EnumSetField = (values: Record<string, string>, description: string) =>
  stacked(
    Field(() => [values], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(Object.keys(values).length),
    IsEnum(values, { each: true }),
  );
