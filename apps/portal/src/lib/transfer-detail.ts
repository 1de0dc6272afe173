import { CombinedGraphQLErrors } from '@apollo/client/errors';

/*
 * The transfer detail page's pure pieces: how sizes, digests, times and timeline codes are shown, which
 * organizations a superior may designate, and how the attachment endpoints' answers are read.
 */

/** Bytes for people: 0 B, 999 B, 1.5 KB, 20 MB (binary units, one decimal under 10). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} B`;
  const shown = value < 10 ? (Math.round(value * 10) / 10).toString() : Math.round(value).toString();
  return `${shown} ${units[unit]}`;
}

/** The start and end of a hex digest, enough to compare by eye: `3f2a9c…81be`. */
export function abbreviateDigest(hex: string, head = 8, tail = 4): string {
  return hex.length <= head + tail + 1 ? hex : `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** A time in Asia/Shanghai (where deadlines are counted) in the person's language; Tibetan as Chinese. */
export function formatTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

export const RETURN_REASONS = ['NOT_OUR_JURISDICTION', 'INCOMPLETE_MATERIALS', 'DUPLICATE', 'OTHER'] as const;
export const OBJECTION_GROUNDS = [
  'SENDER_HAS_JURISDICTION',
  'THIRD_PARTY_HAS_JURISDICTION',
  'OUTSIDE_PACT_SCOPE',
  'FACTS_DISPUTED',
  'OTHER',
] as const;
const DEADLINES = ['ACKNOWLEDGE', 'DECIDE', 'CONSULTATION'] as const;
const OUTCOMES = ['RECEIVER_ACCEPTS', 'SENDER_RETAINS', 'NO_AGREEMENT'] as const;

const has = (list: readonly string[], code: string) => list.includes(code);

/**
 * What a timeline step's `code` is (docs/transfers.md, "Timeline codes"): by the step's action first — `OTHER`
 * is both a return reason and objection grounds — then by which enum has the name. `message` is the key under
 * `detail.` that names it; `org` an organization code (a designation); `raw` a code the portal does not know.
 */
export type TimelineCode =
  | { readonly kind: 'message'; readonly key: string }
  | { readonly kind: 'org'; readonly code: string }
  | { readonly kind: 'raw'; readonly code: string };

export function timelineCode(action: string, code: string): TimelineCode {
  const message = (key: string): TimelineCode => ({ kind: 'message', key });
  if (action === 'returned' && has(RETURN_REASONS, code)) return message(`returnReason.${code}`);
  if (action === 'objected' && has(OBJECTION_GROUNDS, code)) return message(`objectionGrounds.${code}`);
  if (action === 'overdue' && has(DEADLINES, code)) return message(`deadlineName.${code}`);
  if (action === 'designated') return { kind: 'org', code };
  if (has(OUTCOMES, code)) return message(`outcome.${code}`);
  if (code !== 'OTHER') {
    if (has(RETURN_REASONS, code)) return message(`returnReason.${code}`);
    if (has(OBJECTION_GROUNDS, code)) return message(`objectionGrounds.${code}`);
    if (has(DEADLINES, code)) return message(`deadlineName.${code}`);
  }
  return { kind: 'raw', code };
}

export interface OrganizationLike {
  readonly code: string;
  readonly kind: string;
  readonly active: boolean;
  readonly superiorCode?: string | null;
}

/**
 * The procuratorates a superior may designate to handle a transfer: the active ones under it, at any depth
 * (the service checks it again: `TRANSFER_DESIGNATION_OUTSIDE_JURISDICTION`).
 */
export function organizationsUnder<O extends OrganizationLike>(
  organizations: readonly O[],
  superior: string,
): O[] {
  const byCode = new Map(organizations.map((o) => [o.code, o]));
  const under = (o: O): boolean => {
    const seen = new Set<string>();
    let up = o.superiorCode;
    while (up && !seen.has(up)) {
      if (up === superior) return true;
      seen.add(up);
      up = byCode.get(up)?.superiorCode;
    }
    return false;
  };
  return organizations.filter(
    (o) => o.kind === 'PROCURATORATE' && o.active && o.code !== superior && under(o),
  );
}

/** The headers of an upload (docs/transfers.md, "Attachments over HTTP"). */
export function uploadHeaders(file: { name: string; type: string }, sha256: string): Record<string, string> {
  return {
    'Content-Type': file.type || 'application/octet-stream',
    'X-Filename': encodeURIComponent(file.name),
    'X-Content-SHA256': sha256,
  };
}

/** SHA-256 of the bytes, lowercase hex, computed in the browser. */
export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What an attachment endpoint's error answer says: `{ error: { code, reason?, messages?, message, violations? } }`. */
export interface HttpErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly error: CombinedGraphQLErrors;
}

const STATUS_CODE: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
  502: 'SERVICE_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
};

/**
 * Reads an error answer of the HTTP endpoints into the shape GraphQL errors have, so <ErrorAlert> shows it like
 * any refused mutation (the reason in the person's language, violations listed). A body that is not the JSON
 * error shape keeps the status's code.
 */
export function readHttpError(status: number, body: string): HttpErrorAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: Record<string, unknown> } | undefined)?.error;
  const code =
    typeof error?.['code'] === 'string'
      ? error['code']
      : (STATUS_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_USER_INPUT'));
  const extensions: Record<string, unknown> = { code };
  if (typeof error?.['reason'] === 'string') extensions['reason'] = error['reason'];
  if (error?.['messages'] && typeof error['messages'] === 'object')
    extensions['messages'] = error['messages'];
  if (Array.isArray(error?.['violations'])) extensions['violations'] = error['violations'];
  const message = typeof error?.['message'] === 'string' ? error['message'] : `HTTP ${status}`;
  return { status, code, error: new CombinedGraphQLErrors({ errors: [{ message, extensions }] }) };
}
