import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@yiti/logging';
import type { SqlClient } from './bulk-load.js';
import { ensureCurrentNameKeys } from './rekey.js';

/** At service start, with the owner's connection: re-keys the stored names if the variant table changed. */
export async function rekeyAtStart(owner: DataSource, logger: JsonLogger): Promise<void> {
  const runner = owner.createQueryRunner();
  await runner.connect();
  try {
    const client: SqlClient = {
      query: async (text, values) => ({
        rows: (await runner.query(text, values, true)).records as unknown[],
      }),
    };
    const result = await ensureCurrentNameKeys(client);
    if (result.rekeyed && result.names > 0) {
      logger.event('info', 'stored names re-keyed for the current variant table', {
        component: 'records-rekey',
        names: result.names,
        changed: result.changed,
        elapsedMs: Math.round(result.elapsedMs),
      });
    }
  } finally {
    await runner.release();
  }
}
