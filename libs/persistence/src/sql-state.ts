import { QueryFailedError } from 'typeorm';

/** The PostgreSQL SQLSTATE of a failed query (e.g. `23505`), or undefined for any other error. */
export function sqlState(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A unique constraint refused the row (23505). */
export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505';

/** The statement's data failed — a data exception (22xxx) or an integrity violation (23xxx) — not the connection. */
export const isDataError = (err: unknown): boolean => /^2[23]/.test(sqlState(err) ?? '');
