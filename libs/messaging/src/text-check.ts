import { CommonReason } from '@yiti/contracts';
import { RpcError, type Violation } from './rpc-error.js';

/**
 * The one rule for U+0000 in text: PostgreSQL `text` cannot hold it, and no legitimate input has it, so any
 * string containing it is refused as BAD_USER_INPUT (reason TEXT_CONTROL_CHARACTER) naming the field. Applied
 * to every decoded request message by the RPC server and to every GraphQL argument by the gateway.
 */
export const TEXT_CONTROL_CHARACTER_MESSAGE = 'must not contain the character U+0000';

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * The fields of `value` (a protobuf message, a GraphQL argument: strings, arrays and plain objects, walked
 * all the way down) whose text contains U+0000, named by their path (`content.summary`, `agenda[2].title`).
 * A protobuf oneof (`{ case, value }`) is named by its case; bytes and numbers are not text.
 */
export function controlCharacterViolations(value: unknown, path = ''): Violation[] {
  const found: Violation[] = [];
  const walk = (v: unknown, at: string, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) found.push({ field: at || 'value', message: TEXT_CONTROL_CHARACTER_MESSAGE });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, join(at, i), depth + 1));
    } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && isPlainObject(v)) {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => k !== '$typeName' && k !== '$unknown');
      if (
        keys.length === 2 &&
        keys.includes('case') &&
        keys.includes('value') &&
        typeof record['case'] === 'string'
      ) {
        walk(record['value'], join(at, record['case']), depth + 1);
        return;
      }
      for (const key of keys) {
        if (key.includes('\u0000'))
          found.push({ field: join(at, key), message: TEXT_CONTROL_CHARACTER_MESSAGE });
        walk(record[key], join(at, key), depth + 1);
      }
    }
  };
  walk(value, path, 0);
  return found;
}

/** Throws BAD_USER_INPUT (TEXT_CONTROL_CHARACTER) naming every field of `value` with U+0000 in its text. */
export function refuseControlCharacters(value: unknown, path = ''): void {
  const violations = controlCharacterViolations(value, path);
  if (violations.length > 0) throw controlCharacterError(violations);
}

/** The BAD_USER_INPUT (TEXT_CONTROL_CHARACTER) of these violations (from `controlCharacterViolations`). */
export function controlCharacterError(violations: readonly Violation[]): RpcError {
  const fields = violations.map((v) => v.field).join(', ');
  return RpcError.of(
    CommonReason.TEXT_CONTROL_CHARACTER,
    `Invalid input: ${fields} ${violations.length === 1 ? 'contains' : 'contain'} the character U+0000, which text may not hold.`,
    violations,
  );
}
