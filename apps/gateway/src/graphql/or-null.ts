import { ErrorCode, RpcError } from '@yiti/messaging';

/** null for NOT_FOUND, so single lookups answer null like `organization(code)` instead of an error. */
export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof RpcError && err.code === ErrorCode.NOT_FOUND) return null;
    throw err;
  }
}

/** The services' "empty = none" strings as GraphQL nulls. */
export const orNullIfEmpty = (value: string): string | null => value || null;
