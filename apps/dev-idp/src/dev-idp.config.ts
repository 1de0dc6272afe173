import { AppConfig, ConfigError } from '@yiti/config';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import type { StartDevIdpOptions } from './dev-idp.server.js';

const URL_OPTS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Configuration of the development identity provider, read once in main.ts. */
export class DevIdpConfig extends AppConfig {
  @IsString()
  @Matches(/^[A-Za-z0-9.:-]+$/, { message: 'DEV_IDP_HOST must be a host name or IP address' })
  DEV_IDP_HOST: string = '127.0.0.1';

  /** 0 picks a free port. */
  @IsInt({ message: 'DEV_IDP_PORT must be an integer' })
  @Min(0, { message: 'DEV_IDP_PORT must be between 0 and 65535' })
  @Max(65535, { message: 'DEV_IDP_PORT must be between 0 and 65535' })
  DEV_IDP_PORT: number = 8080;

  /** Base URL in tokens' `iss` (e.g. when reached through a proxy); default http://<host>:<port>. */
  @IsOptional()
  @IsUrl(URL_OPTS, { message: 'DEV_IDP_PUBLIC_URL must be an http(s) URL, e.g. http://127.0.0.1:8080' })
  DEV_IDP_PUBLIC_URL?: string;

  /** Keycloak realm export to serve; default deploy/keycloak/realm-export.json of this repository. */
  @IsOptional()
  @IsString()
  DEV_IDP_REALM_FILE?: string;

  /** PKCS#8 PEM file with the signing key (created if missing); default: a new key each start. */
  @IsOptional()
  @IsString()
  DEV_IDP_SIGNING_KEY_FILE?: string;
}

/**
 * The provider publishes demo users with a shared password and trusts a plain-text realm file: it must never
 * run in production. Throws a `ConfigError` saying so; otherwise returns the options for `startDevIdp`.
 */
export function devIdpStartOptions(config: DevIdpConfig): Omit<StartDevIdpOptions, 'logger'> {
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('dev-idp', [
      'NODE_ENV is production: the development identity provider serves demonstration users with a published ' +
        'password and must never run in production. Import deploy/keycloak/realm-export.json into Keycloak instead.',
    ]);
  }
  return {
    host: config.DEV_IDP_HOST,
    port: config.DEV_IDP_PORT,
    ...(config.DEV_IDP_PUBLIC_URL ? { publicUrl: config.DEV_IDP_PUBLIC_URL } : {}),
    ...(config.DEV_IDP_REALM_FILE ? { realmFile: config.DEV_IDP_REALM_FILE } : {}),
    ...(config.DEV_IDP_SIGNING_KEY_FILE ? { signingKeyFile: config.DEV_IDP_SIGNING_KEY_FILE } : {}),
  };
}
