import { CommonReason, UUID } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';

/**
 * Keyset pages: a list is ordered by (a timestamp, id) descending and the next page starts after the last
 * row's sort key. The key travels to clients as an opaque page token (base64url JSON).
 */
export interface PageCursor {
  /** The last row's timestamp, ISO 8601. */
  at: string;
  /** The last row's id (UUID). */
  id: string;
}

export const encodePageToken = (cursor: PageCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** The cursor in `token`; undefined for the first page (empty token). A token we did not give out is BAD_USER_INPUT. */
export function decodePageToken(token: string): PageCursor | undefined {
  if (!token) return undefined;
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString()) as Partial<PageCursor>;
    if (
      typeof c.at === 'string' &&
      !Number.isNaN(Date.parse(c.at)) &&
      typeof c.id === 'string' &&
      UUID.test(c.id)
    )
      return { at: c.at, id: c.id };
  } catch {
    // falls through to the input error below
  }
  throw RpcError.of(CommonReason.INVALID_PAGE_TOKEN, 'The page token is not one this service gave out.', [
    { field: 'pageToken', message: 'is not a page token from a previous page' },
  ]);
}

/**
 * One page of `rows`, fetched with `LIMIT size + 1`: the first `size` rows, and the token of the next page
 * (empty when this is the last). `at` is the row's sort timestamp.
 */
export function keysetPage<T extends { id: string }>(
  rows: T[],
  size: number,
  at: (row: T) => Date,
): { page: T[]; nextPageToken: string } {
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return {
    page,
    nextPageToken:
      rows.length > size && last ? encodePageToken({ at: at(last).toISOString(), id: last.id }) : '',
  };
}
