import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { TFunction } from 'i18next';

/** An error as the portal shows it: the catalogue reason and a message in the person's language. */
export interface ShownError {
  readonly code: string;
  readonly reason?: string;
  readonly message: string;
  readonly violations: readonly { field: string; message: string }[];
}

interface Extensions {
  code?: unknown;
  reason?: unknown;
  messages?: { 'zh-CN'?: unknown; en?: unknown };
  violations?: unknown;
}

/**
 * The service's reason in the person's language: the portal's own message for the reason when it has one
 * (that is where Tibetan comes from), else the gateway's catalogue message in zh-CN or English, else the
 * error's own message. Never a stack trace: the gateway sends none.
 */
export function describeError(error: unknown, t: TFunction, language: string): ShownError {
  if (CombinedGraphQLErrors.is(error) && error.errors.length > 0) {
    const first = error.errors[0]!;
    const ext = (first.extensions ?? {}) as Extensions;
    const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL';
    const reason = typeof ext.reason === 'string' ? ext.reason : undefined;
    const catalogue = language === 'en' ? ext.messages?.en : ext.messages?.['zh-CN'];
    const fallback = typeof catalogue === 'string' ? catalogue : first.message;
    // The catalogue speaks zh-CN and English; in Tibetan the portal's generic message of the code comes before it.
    const general = language === 'bo' ? t(`errors.code.${code}`, { defaultValue: fallback }) : fallback;
    const message = reason ? t(`errors.reason.${reason}`, { defaultValue: general }) : general;
    const violations = Array.isArray(ext.violations)
      ? ext.violations.filter(
          (v): v is { field: string; message: string } =>
            typeof v === 'object' &&
            v !== null &&
            typeof v.field === 'string' &&
            typeof v.message === 'string',
        )
      : [];
    return { code, ...(reason ? { reason } : {}), message, violations };
  }
  if (ServerError.is(error)) {
    return { code: 'SERVICE_UNAVAILABLE', message: t('errors.code.SERVICE_UNAVAILABLE'), violations: [] };
  }
  return { code: 'NETWORK', message: t('errors.network'), violations: [] };
}

export function isUnauthenticated(error: unknown): boolean {
  return (
    CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')
  );
}
