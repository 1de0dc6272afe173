import { isIP } from 'node:net';
import { IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ServiceConfig } from '@yiti/config';

/** Configuration of the gateway (environment variables, validated once at boot). */
export class GatewayConfig extends ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

  /** The private listener of `/metrics` and the detailed readiness checks (health/metrics-server.ts). */
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 9464;

  @IsString()
  METRICS_HOST: string = '127.0.0.1';

  /** When set, the metrics listener wants `Authorization: Bearer <METRICS_TOKEN>`; required off loopback. */
  @ValidateIf((c: GatewayConfig) => Boolean(c.METRICS_TOKEN) || !isLoopback(c.METRICS_HOST))
  @Matches(/^[A-Za-z0-9._~+/-]{16,}=*$/, {
    message:
      'METRICS_TOKEN must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / - (it is required when METRICS_HOST is not a loopback address)',
  })
  METRICS_TOKEN?: string;

  /** Query limits (graphql-armor). Rejections do not reveal the limits. */
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH: number = 10;

  @IsInt()
  @Min(1)
  @Max(100)
  GRAPHQL_MAX_ALIASES: number = 15;

  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GRAPHQL_MAX_COST: number = 20000;

  /** Services whose readiness `/health/ready` checks. */
  @IsString()
  READY_SERVICES: string = 'directory';

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
