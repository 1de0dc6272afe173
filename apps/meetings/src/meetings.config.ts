import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DatabaseServiceConfig } from '@yiti/config';

/** Configuration of the meetings service (environment variables, validated once at boot). */
export class MeetingsConfig extends DatabaseServiceConfig {
  /** How often police follow-up clocks are checked for being overdue, in seconds. */
  @IsInt()
  @Min(1)
  @Max(3600)
  MEETINGS_SCHEDULE_SECONDS: number = 60;

  /** How long the directory's answers are reused, in seconds (0 = ask every time). */
  @IsInt()
  @Min(0)
  @Max(3600)
  DIRECTORY_CACHE_SECONDS: number = 60;

  /** A JSON file of regional holidays and make-up working days (libs/calendar); empty = the shipped Tibet data. */
  @IsOptional()
  @IsString()
  REGIONAL_HOLIDAYS_FILE: string = '';

  /**
   * A JSON file of national holidays and make-up working days `{ source, holidays, workdays }` (libs/calendar)
   * on top of the installed chinese-days; empty = none. At boot, provisional due dates are recomputed against it.
   */
  @IsOptional()
  @IsString()
  NATIONAL_HOLIDAYS_FILE: string = '';

  /**
   * Where this instance runs. `city` (the default): the city's instances, which also consume the events that
   * make meetings (a disputed transfer drafts a heads' consultation). `county`: an instance at a county office
   * behind a leaf node (docs/deploy.md), with the county's own database; it serves the county's users and
   * relays its events to the hub, and consumes none — the city's instances do, once for every county.
   */
  @IsIn(['city', 'county'], { message: 'MEETINGS_SITE must be city or county' })
  MEETINGS_SITE: 'city' | 'county' = 'city';
}

export const MEETINGS_SCHEMA = 'meetings';
