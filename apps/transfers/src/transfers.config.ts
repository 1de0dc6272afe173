import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { DatabaseServiceConfig } from '@yiti/config';

/** A setting only tests may use: refused unless NODE_ENV=test. */
@ValidatorConstraint({ name: 'testOnly' })
export class TestOnly implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as { NODE_ENV?: string }).NODE_ENV === 'test';
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} may only be set with NODE_ENV=test`;
  }
}

/** Configuration of the transfers service (environment variables, validated once at boot). */
export class TransfersConfig extends DatabaseServiceConfig {
  /** How often deadlines are checked (overdue events, escalation), in seconds. */
  @IsInt()
  @Min(1)
  @Max(3600)
  TRANSFERS_SCHEDULE_SECONDS: number = 60;

  /** Working days to acknowledge (open) a transfer when no pact sets it (or a pact leaves it 0). */
  @IsInt()
  @Min(1)
  @Max(60)
  DEFAULT_ACKNOWLEDGE_DAYS: number = 3;

  /** Working days, from receipt, to accept, return or object when no pact sets it. */
  @IsInt()
  @Min(1)
  @Max(120)
  DEFAULT_DECIDE_DAYS: number = 10;

  /** Working days, from the objection, for the heads' consultation to decide before the dispute escalates. */
  @IsInt()
  @Min(1)
  @Max(120)
  CONSULTATION_DAYS: number = 15;

  /**
   * How long the directory's answers (organizations, superiors, common superior, divisions) are reused, in
   * seconds; a directory change reaches transfers this much later. 0 = ask every time.
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  DIRECTORY_CACHE_SECONDS: number = 60;

  /**
   * A JSON file of regional holidays and make-up working days (see libs/calendar); empty = the shipped Tibet
   * data. Operators replace it when the regional government publishes its yearly notice.
   */
  @IsOptional()
  @IsString()
  REGIONAL_HOLIDAYS_FILE: string = '';

  /**
   * A JSON file of national holidays and make-up working days `{ source, holidays, workdays }` (libs/calendar)
   * on top of the installed chinese-days, for a year's State Council notice before a package update; empty =
   * none. At boot, provisional deadlines are recomputed against it.
   */
  @IsOptional()
  @IsString()
  NATIONAL_HOLIDAYS_FILE: string = '';

  /** Tests only (NODE_ENV=test): the service's clock starts at this RFC 3339 instant and runs on from there. */
  @ValidateIf((config: TransfersConfig) => config.TEST_CLOCK_START !== '')
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'TEST_CLOCK_START must be an RFC 3339 instant, e.g. 2026-12-30T10:00:00+08:00',
  })
  @Validate(TestOnly)
  TEST_CLOCK_START: string = '';
}

export const TRANSFERS_SCHEMA = 'transfers';
