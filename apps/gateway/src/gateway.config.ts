import { isIP } from 'node:net';
import { IsInt, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
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

  /** The portal's static build (apps/portal/dist/site); unset = no portal is served (portal/portal-site.ts). */
  @ValidateIf((c: GatewayConfig) => c.PORTAL_DIR !== undefined)
  @IsString()
  PORTAL_DIR?: string;

  /** The issuer the portal signs in at, as a browser reaches it; unset = KEYCLOAK_URL/realms/KEYCLOAK_REALM. */
  @ValidateIf((c: GatewayConfig) => c.PORTAL_AUTHORITY !== undefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PORTAL_AUTHORITY?: string;

  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'PORTAL_CLIENT_ID must be a client id' })
  PORTAL_CLIENT_ID: string = 'yiti-portal';

  /**
   * The fonts the minutes print in as PDF (meetings/minutes-pdf.ts): a CJK font — a .ttc collection with the
   * PostScript name of its Simplified Chinese face, or a single .ttf/.otf — and a Tibetan font. Debian's
   * fonts-noto-cjk and fonts-noto-core by default; a missing file makes the PDF export answer
   * SERVICE_UNAVAILABLE (and is logged at boot), nothing else.
   */
  @IsString()
  MINUTES_FONT_CJK: string = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

  @ValidateIf((c: GatewayConfig) => c.MINUTES_FONT_CJK.endsWith('.ttc'))
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'MINUTES_FONT_CJK_NAME must be the PostScript name of a face' })
  MINUTES_FONT_CJK_NAME: string = 'NotoSansCJKsc-Regular';

  @IsString()
  MINUTES_FONT_TIBETAN: string = '/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf';

  /** Services whose readiness `/health/ready` checks. */
  @IsString()
  READY_SERVICES: string = 'directory';

  get portalAuthority(): string {
    return this.PORTAL_AUTHORITY ?? `${this.KEYCLOAK_URL.replace(/\/+$/, '')}/realms/${this.KEYCLOAK_REALM}`;
  }

  get minutesFonts(): { cjk: string; cjkName?: string; tibetan: string } {
    return {
      cjk: this.MINUTES_FONT_CJK,
      ...(this.MINUTES_FONT_CJK.endsWith('.ttc') ? { cjkName: this.MINUTES_FONT_CJK_NAME } : {}),
      tibetan: this.MINUTES_FONT_TIBETAN,
    };
  }

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
