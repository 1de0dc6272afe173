import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: string[],
  ) {
    super(`${app}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${m}`),
    ...describe(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/**
 * Reads and validates an app's configuration class from the environment, once, at boot. Unknown variables
 * are ignored; missing or malformed ones fail with one message naming every problem. Nobody else reads
 * `process.env`.
 */
export function loadConfig<T extends object>(
  app: string,
  type: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const config = plainToInstance(type, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = describe(validateSync(config, { whitelist: false, forbidUnknownValues: false }));
  if (problems.length > 0) throw new ConfigError(app, problems);
  return config;
}
