import { registerDecorator, type ValidationArguments } from 'class-validator';
import { BUSINESS_LINES, codeViolations, type CodeCheck } from '@yiti/reference';

/*
 * The gateway's half of "business lines and categories are reference data": inputs are checked against the
 * shared list in @yiti/reference (the one the directory loads and the services ask the directory for), so an
 * unknown code is refused before anything reaches NATS, in the services' wording, with the valid codes.
 */

const LINES = BUSINESS_LINES.map((l) => ({ code: l.code, categories: [...l.categories] }));

/** The message after the field name, or undefined when all are valid. */
function problem(checks: CodeCheck[]): string | undefined {
  const found = codeViolations(LINES, checks);
  return found.length > 0 ? found.map((v) => v.message).join('; ') : undefined;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function codeDecorator(
  name: string,
  checksOf: (value: unknown, args: ValidationArguments) => CodeCheck[] | null,
) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const checks = checksOf(value, args);
          return checks === null || problem(checks) === undefined;
        },
        defaultMessage: (args: ValidationArguments) =>
          `$property ${problem(checksOf(args.value, args) ?? []) ?? 'is not a known code'}`,
      },
    });
}

/** A business line code (or, on a list, each) of the shared code list. */
export const IsBusinessLine = () =>
  codeDecorator('isBusinessLine', (value) =>
    value === undefined || value === null
      ? null
      : asList(value)
          .filter((v): v is string => typeof v === 'string')
          .map((businessLine) => ({ field: '', businessLine })),
  );

/**
 * A case category (or, on a list, each) of the business line(s) in the sibling property `lines` names, or of
 * the lines given; of any line when there are none. An unknown line itself is left to its own check.
 */
export const IsCaseCategory = (lines: string | { businessLines: readonly string[] }) =>
  codeDecorator('isCaseCategory', (value, args) => {
    if (value === undefined || value === null) return null;
    const named =
      typeof lines === 'string'
        ? asList((args.object as Record<string, unknown>)[lines])
        : lines.businessLines;
    const businessLines = named.filter((v): v is string => typeof v === 'string');
    return asList(value)
      .filter((v): v is string => typeof v === 'string')
      .map((category) => ({ field: '', category, businessLines }));
  });
