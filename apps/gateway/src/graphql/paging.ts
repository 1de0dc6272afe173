import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { orNullIfEmpty } from './or-null.js';

/** The services' page sizes and page tokens. */
export const MAX_PAGE = 200;
const PAGE_TOKEN_MAX_LENGTH = 512;

/**
 * A paged list's arguments: an optional `filter` of the given input type, `first` and `after` (declared in this
 * order, so violations are listed in it).
 */
export function FilteredPageArgs<F extends object>(filterType: Type<F>, description: string) {
  @ArgsType()
  abstract class FilteredPageArgsOf {
    @Field(() => filterType, { nullable: true, description })
    @IsOptional()
    @ValidateNested()
    @TransformTo(() => filterType)
    filter?: F;

    @Field(() => Int, { nullable: true, defaultValue: 50, description: `Page size, 1-${MAX_PAGE}.` })
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    first: number;

    @Field(() => String, {
      nullable: true,
      description: "The previous page's `nextCursor`; null = the first page.",
    })
    @IsOptional()
    @MaxLength(PAGE_TOKEN_MAX_LENGTH)
    after?: string;
  }
  return FilteredPageArgsOf;
}

/** A page of a list, `{ items, nextCursor }`: extend it under the page's own @ObjectType name. */
export function PageModel<T extends object>(itemType: Type<T>, itemsDescription: string) {
  @ObjectType({ isAbstract: true })
  abstract class Page {
    @Field(() => [itemType], { description: itemsDescription })
    items: T[];
    @Field(() => String, {
      nullable: true,
      description: 'Pass as `after` for the next page; null on the last page.',
    })
    nextCursor: string | null;
  }
  return Page;
}

/** A service's page (its "empty = last page" token) as a page model. */
export const toPage = <M, T>(messages: readonly M[], toModel: (message: M) => T, nextPageToken: string) => ({
  items: messages.map((m) => toModel(m)),
  nextCursor: orNullIfEmpty(nextPageToken),
});
