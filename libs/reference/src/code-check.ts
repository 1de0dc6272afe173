import type { ReferenceBusinessLine } from './code-lists.js';

/** A field's problem with a business line or category code, worded with the valid codes. */
export interface CodeViolation {
  field: string;
  message: string;
}

/** What to check: a business line, or a category (within any of `businessLines`, or any category if none). */
export type CodeCheck =
  | { field: string; businessLine: string }
  | { field: string; category: string; businessLines?: readonly string[] };

/**
 * Checks codes against a code list (the directory's answer in the services, the shared constant at the gateway):
 * one wording on both ends. An unknown business line lists the valid ones; a category that is not one of the
 * named business lines' (or of any, when none is named) lists the valid categories.
 */
export function codeViolations(
  lines: readonly Pick<ReferenceBusinessLine, 'code' | 'categories'>[],
  checks: readonly CodeCheck[],
): CodeViolation[] {
  const byCode = new Map(lines.map((l) => [l.code, l]));
  const violations: CodeViolation[] = [];
  for (const check of checks) {
    if ('businessLine' in check) {
      if (!byCode.has(check.businessLine))
        violations.push({
          field: check.field,
          message: `"${check.businessLine}" is not a business line; valid: ${[...byCode.keys()].join(', ')}`,
        });
      continue;
    }
    const known = (check.businessLines ?? []).filter((l) => byCode.has(l));
    if ((check.businessLines ?? []).length > 0 && known.length === 0) continue; // the line itself is refused
    const within = known.length > 0 ? known.map((l) => byCode.get(l)!) : lines;
    const valid = [...new Set(within.flatMap((l) => l.categories))];
    if (!valid.includes(check.category))
      violations.push({
        field: check.field,
        message: `"${check.category}" is not a case category${known.length > 0 ? ` of ${known.join(' or ')}` : ''}; valid: ${valid.join(', ')}`,
      });
  }
  return violations;
}
