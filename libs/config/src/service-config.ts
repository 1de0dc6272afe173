import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

const URL_OPTS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** What every Yiti process has: its mode and how much it logs. */
export class AppConfig {
  @IsIn(['development', 'test', 'production'], {
    message: 'NODE_ENV must be development, test or production',
  })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['debug', 'info', 'warn', 'error'], { message: 'LOG_LEVEL must be debug, info, warn or error' })
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';
}

/** What the gateway and every service need besides: where NATS and the identity provider are. */
export class ServiceConfig extends AppConfig {
  /**
   * The NATS server, or the servers of a cluster as a comma-separated list (`tls://n1:4222,tls://n2:4222`): the
   * connection picks one and, when it is lost, reconnects to another of them (and to those the cluster announces).
   */
  @Matches(/^(nats|tls|ws|wss):\/\/[^\s,]+( *, *(nats|tls|ws|wss):\/\/[^\s,]+)*$/, {
    message: "NATS_URL must look like nats://host:4222, or list a cluster's servers separated by commas",
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /**
   * File holding this process's NATS nkey seed: its identity on the bus, with the permissions docs/security.md
   * lists. `npm start` and the tests generate one per identity; production must provide it.
   */
  @ValidateIf((c: ServiceConfig) => c.NODE_ENV === 'production' || c.NATS_NKEY_SEED_FILE !== undefined)
  @IsString({
    message:
      "NATS_NKEY_SEED_FILE must name the file with this process's NATS nkey seed (required in production)",
  })
  @Matches(/^\S+$/, { message: 'NATS_NKEY_SEED_FILE must be a file path' })
  NATS_NKEY_SEED_FILE?: string;

  /**
   * PEM file of the CA that signed the NATS servers' certificates; with it the connection requires TLS.
   * Required in production (use tls:// URLs).
   */
  @ValidateIf((c: ServiceConfig) => c.NODE_ENV === 'production' || c.NATS_TLS_CA_FILE !== undefined)
  @IsString({
    message: 'NATS_TLS_CA_FILE must name the CA certificate of the NATS servers (required in production)',
  })
  @Matches(/^\S+$/, { message: 'NATS_TLS_CA_FILE must be a file path' })
  NATS_TLS_CA_FILE?: string;

  /**
   * The JetStream domain of the city's servers, for a process at a county office whose NATS is a leaf node
   * without JetStream of its own: its JetStream calls then go to the hub's (`$JS.<domain>.API`). Unset in the
   * city (docs/deploy.md, "County offices").
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, {
    message: 'NATS_JETSTREAM_DOMAIN must be a name of letters, digits, _ or -',
  })
  NATS_JETSTREAM_DOMAIN?: string;

  /**
   * Prefix for every request-reply subject (e.g. `staging.`), so several stacks can share one NATS without
   * answering each other's requests; each test stack gets its own. Empty in a normal deployment.
   */
  @Matches(/^([a-z0-9_-]+\.)?$/, {
    message: 'NATS_SUBJECT_PREFIX must be empty or a token ending in a dot, e.g. "staging."',
  })
  NATS_SUBJECT_PREFIX: string = '';

  /** Timeout of every NATS request, in milliseconds. */
  @IsInt({ message: 'RPC_TIMEOUT_MS must be an integer' })
  @Min(50)
  @Max(120_000)
  RPC_TIMEOUT_MS: number = 5000;

  /** Base URL of Keycloak (or the development identity provider), e.g. http://127.0.0.1:8080. */
  @IsUrl(URL_OPTS, { message: 'KEYCLOAK_URL must be an http(s) URL, e.g. http://127.0.0.1:8080' })
  KEYCLOAK_URL!: string;

  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'KEYCLOAK_REALM must be a realm name' })
  KEYCLOAK_REALM: string = 'yiti';

  /** The client id tokens must name in `aud` (the audience mapper in the realm adds it). */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'KEYCLOAK_AUDIENCE must be a client id' })
  KEYCLOAK_AUDIENCE: string = 'gateway';

  /** Tokens issued longer ago than this are refused even if not expired (Keycloak issues ≤ 5 min tokens). */
  @IsInt()
  @Min(60)
  @Max(86_400)
  TOKEN_MAX_AGE_SECONDS: number = 900;

  /** Clock skew tolerated on `iat`/`nbf`, in seconds. */
  @IsInt()
  @Min(0)
  @Max(300)
  TOKEN_CLOCK_SKEW_SECONDS: number = 30;

  /** The JetStream stream of domain events: services publish to it, the gateway's subscriptions read it. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'EVENTS_STREAM must be a stream name (letters, digits, _ and -)',
  })
  EVENTS_STREAM: string = 'YITI_EVENTS';

  /**
   * How many NATS servers keep each JetStream stream a service creates or checks at boot (the event stream, its
   * dead letters, the records audit checkpoints): 1 on a single server, 3 in a cluster (a quorum survives the
   * loss of one server). A stream that exists with another count is the operator's to change.
   */
  @IsInt({ message: 'JETSTREAM_REPLICAS must be an integer' })
  @Min(1, { message: 'JETSTREAM_REPLICAS must be between 1 and 5' })
  @Max(5, { message: 'JETSTREAM_REPLICAS must be between 1 and 5' })
  JETSTREAM_REPLICAS: number = 1;

  /** How many days the event stream keeps events for replay (a new consumer, a rebuilt read model). */
  @IsInt({ message: 'EVENTS_MAX_AGE_DAYS must be an integer' })
  @Min(1, { message: 'EVENTS_MAX_AGE_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'EVENTS_MAX_AGE_DAYS must be between 1 and 3650' })
  EVENTS_MAX_AGE_DAYS: number = 30;

  /**
   * Server tags the streams a service creates must be placed on (JetStream placement), comma-separated, e.g.
   * `site:shannan` so the city's streams never land on a partner city's servers. Empty = anywhere.
   */
  @Matches(/^([A-Za-z0-9_.:-]{1,64}(,[A-Za-z0-9_.:-]{1,64})*)?$/, {
    message: 'JETSTREAM_PLACEMENT_TAGS must be tags separated by commas, e.g. site:shannan,ssd',
  })
  JETSTREAM_PLACEMENT_TAGS: string = '';

  /**
   * A NATS service (startRpcService) rewrites this file every few seconds once it is ready, for as long as its
   * NATS connection is open, and deletes it at shutdown: the liveness and readiness signal of a process that
   * serves no HTTP (deploy/k8s probes its age). Unset = no file. The gateway has /health/* instead.
   */
  @ValidateIf((c: ServiceConfig) => c.HEALTH_FILE !== undefined)
  @Matches(/^\/\S+$/, { message: 'HEALTH_FILE must be an absolute file path' })
  HEALTH_FILE?: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;

/** The login role of a PostgreSQL URL (undefined when it names none or is not a URL). */
function userOf(url: unknown): string | undefined {
  try {
    return typeof url === 'string' ? decodeURIComponent(new URL(url).username) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** A service that owns a PostgreSQL schema (docs/security.md: its two roles). */
export class DatabaseServiceConfig extends ServiceConfig {
  /** The runtime role: reads and writes the service's own tables, nothing else; never a superuser in production. */
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must look like postgres://user@host:5432/db' })
  DATABASE_URL!: string;

  /**
   * The owner role of the service's schema, which runs the migrations. Required in production, where it must
   * log in as another role than DATABASE_URL; elsewhere DATABASE_URL migrates when it is absent (a single-role
   * deployment): read it with databaseMigrationUrl().
   */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @ValidateIf(
    (o: DatabaseServiceConfig) => o.NODE_ENV === 'production' || o.DATABASE_MIGRATION_URL !== undefined,
  )
  @Matches(POSTGRES_URL, {
    message: 'DATABASE_MIGRATION_URL must look like postgres://owner@host:5432/db (required in production)',
  })
  @ValidateBy({
    name: 'ownRole',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const config = args?.object as DatabaseServiceConfig;
        return config.NODE_ENV !== 'production' || userOf(value) !== userOf(config.DATABASE_URL);
      },
      defaultMessage: () =>
        'DATABASE_MIGRATION_URL must log in as another role than DATABASE_URL in production',
    },
  })
  DATABASE_MIGRATION_URL?: string;

  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  /** Load the service's demonstration data at start (npm start does; never in production). */
  // Implicit conversion would turn the string "false" into true: read the raw value.
  @Transform(({ obj, key }) => [true, 'true', '1'].includes((obj as Record<string, unknown>)[key] as string))
  @IsBoolean()
  SEED_DEMO_DATA: boolean = false;
}

/** The URL the service migrates with: DATABASE_MIGRATION_URL, or DATABASE_URL when it is absent (not in production). */
export function databaseMigrationUrl(config: DatabaseServiceConfig): string {
  return config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
}
