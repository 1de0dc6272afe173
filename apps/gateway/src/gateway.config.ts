import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceConfig } from '@yiti/config';

/** Configuration of the gateway (environment variables, validated once at boot). */
export class GatewayConfig extends ServiceConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

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
