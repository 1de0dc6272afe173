import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** RFC 3339 with a time and an offset (`Z` or ±hh:mm), the only form services send and clients may send. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function instantOf(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * An instant as Asia/Shanghai wall-clock time with its offset, always with milliseconds:
 * `2026-12-11T00:00:00.000+08:00` (24:00 of 2026-12-10 Beijing time) for `2026-12-10T16:00:00.000Z`.
 * Asia/Shanghai has had no daylight saving time since 1991, so the offset is always +08:00.
 * @throws TypeError when the value is not an RFC 3339 instant or a valid Date.
 */
export function shanghaiDateTime(value: string | Date): string {
  const ms = instantOf(value);
  if (ms === undefined) throw new TypeError(`not an RFC 3339 instant: ${JSON.stringify(value)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace(/Z$/, '+08:00');
}

/**
 * The `DateTime` scalar of every timestamp the gateway returns: RFC 3339 in Asia/Shanghai time (+08:00), the
 * time zone every deadline and meeting is reckoned in. As input it accepts any offset (`Z`, `+08:00`, `-05:00`)
 * and yields the instant in UTC (`toISOString()`).
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description:
    'An instant, RFC 3339, returned in Asia/Shanghai time with milliseconds and its offset, e.g. ' +
    '`2026-12-11T00:00:00.000+08:00` (24:00 of 2026-12-10, the end of a deadline day). Input accepts any offset.',
  serialize(value) {
    const ms = instantOf(value);
    if (ms === undefined) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    return shanghaiDateTime(new Date(ms));
  },
  parseValue(value) {
    const ms = instantOf(value);
    if (ms === undefined || value instanceof Date) {
      throw new GraphQLError(
        'DateTime must be an RFC 3339 instant with an offset, e.g. 2026-12-11T00:00:00+08:00',
      );
    }
    return new Date(ms).toISOString();
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    const ms = instantOf(ast.value);
    if (ms === undefined) {
      throw new GraphQLError(
        'DateTime must be an RFC 3339 instant with an offset, e.g. 2026-12-11T00:00:00+08:00',
      );
    }
    return new Date(ms).toISOString();
  },
});
