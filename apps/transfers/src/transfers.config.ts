import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DatabaseServiceConfig } from '@yiti/config';

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
}

export const TRANSFERS_SCHEMA = 'transfers';
