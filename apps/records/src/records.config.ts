import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DatabaseServiceConfig } from '@yiti/config';

/** Configuration of the records service (environment variables, validated once at boot). */
export class RecordsConfig extends DatabaseServiceConfig {
  /** Lookups (by ID, by name, detail views) one user may make in any 60 seconds; more are RATE_LIMITED. */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  RECORDS_LOOKUPS_PER_MINUTE: number = 30;

  /**
   * How long who-may-read-whose-records (the directory's hierarchy and the pacts that share record lookup) is
   * reused, in seconds (0 = asked on every lookup). A terminated pact stops giving access at most this late.
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  RECORDS_ACCESS_CACHE_SECONDS: number = 30;

  /**
   * Optional HMAC key for the audit chain, as 64+ hex characters, kept outside the database (then rewriting the
   * chain needs the key too). Empty: plain SHA-256. The same key must be given to npm run records:audit-verify.
   */
  @IsOptional()
  @Matches(/^$|^([0-9a-fA-F]{2}){32,}$/, {
    message: 'RECORDS_AUDIT_HMAC_KEY must be empty or 64+ hex characters',
  })
  RECORDS_AUDIT_HMAC_KEY: string = '';

  /**
   * The role every runtime connection runs as (set at connection start): insert-only on the audit log, read-only
   * on records; DATABASE_URL's login role must be a member of it. Migrations and the demo seed run as
   * DATABASE_MIGRATION_URL's owner role instead.
   */
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  RECORDS_DATABASE_ROLE: string = 'records_writer';

  /**
   * The Ed25519 private key (PKCS#8 PEM, mode 0600) that signs the audit checkpoints; outside the database and
   * never committed. Required in production; elsewhere empty means `.data/records-audit-signing-key.pem`,
   * generated when missing. Verifiers get the public key (`<file>.pub` beside a generated one).
   */
  @ValidateIf((c: RecordsConfig) => c.NODE_ENV === 'production')
  @IsNotEmpty({ message: 'RECORDS_AUDIT_SIGNING_KEY_FILE is required in production' })
  RECORDS_AUDIT_SIGNING_KEY_FILE: string = '';

  /** A signed checkpoint after this many new audit entries… */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RECORDS_AUDIT_CHECKPOINT_ENTRIES: number = 100;

  /** …or this many seconds after the first entry not yet checkpointed, whichever comes first (and at shutdown). */
  @IsInt()
  @Min(1)
  @Max(86_400)
  RECORDS_AUDIT_CHECKPOINT_SECONDS: number = 60;

  /** The JetStream stream of the audit checkpoints (not the event stream; tests use a unique name). */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'AUDIT_CHECKPOINT_STREAM must be a stream name (letters, digits, _ and -)',
  })
  AUDIT_CHECKPOINT_STREAM: string = 'YITI_AUDIT';
}

export const RECORDS_SCHEMA = 'records';

/** The development default of RECORDS_AUDIT_SIGNING_KEY_FILE, relative to the working directory (the repository). */
export const DEV_AUDIT_SIGNING_KEY_FILE = '.data/records-audit-signing-key.pem';

export function auditHmacKey(config: RecordsConfig): Buffer | undefined {
  return config.RECORDS_AUDIT_HMAC_KEY ? Buffer.from(config.RECORDS_AUDIT_HMAC_KEY, 'hex') : undefined;
}
