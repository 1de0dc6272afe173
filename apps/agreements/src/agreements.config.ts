import { IsInt, Max, Min } from 'class-validator';
import { DatabaseServiceConfig } from '@yiti/config';

/** Configuration of the agreements service (environment variables, validated once at boot). */
export class AgreementsConfig extends DatabaseServiceConfig {
  /** How often pacts are checked for entering into force or expiring, in seconds. */
  @IsInt()
  @Min(1)
  @Max(3600)
  AGREEMENTS_SCHEDULE_SECONDS: number = 60;
}

export const AGREEMENTS_SCHEMA = 'agreements';
