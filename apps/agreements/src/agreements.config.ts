import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { DatabaseServiceConfig } from '@yiti/config';

/** Configuration of the agreements service (environment variables, validated once at boot). */
export class AgreementsConfig extends DatabaseServiceConfig {
  /** The JetStream stream every service publishes its events to. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'EVENTS_STREAM must be a stream name (letters, digits, _ and -)',
  })
  EVENTS_STREAM: string = 'YITI_EVENTS';

  /** How often pacts are checked for entering into force or expiring, in seconds. */
  @IsInt()
  @Min(1)
  @Max(3600)
  AGREEMENTS_SCHEDULE_SECONDS: number = 60;

  /** Load the demonstration pacts at start (npm start does; never in production). */
  // Implicit conversion would turn the string "false" into true: read the raw value.
  @Transform(({ obj, key }) => [true, 'true', '1'].includes((obj as Record<string, unknown>)[key] as string))
  @IsBoolean()
  SEED_DEMO_DATA: boolean = false;
}

export const AGREEMENTS_SCHEMA = 'agreements';
