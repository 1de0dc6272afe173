// Re-keying: brings the stored name keys (records.person_name.key and the records.name_key dictionary) up to
// the keys nameKeys() computes today. Keys are computed in TypeScript (the variant table, pinyin-pro), so a
// change to the table — such as the official Tibetan pinyin spellings — does not reach stored rows by itself:
// a person stored as "Cering Zhoima" before `cering` and `zhoima` were in the table has the keys
// "cering zhoima" / "ceringzhoima", and a search for 次仁卓玛 ("tsering drolma") would never find them.
//
// records.name_keying holds the fingerprint of what the stored keys were computed with. When it is missing or
// different, every distinct stored name is keyed again and only the names whose keys changed are rewritten:
// their new keys inserted, their obsolete ones deleted, the dictionary updated. One transaction, under an
// advisory lock (two instances starting together re-key once), as the login role — the service's runtime role
// may not write records. The service runs it at every start (cheap when the fingerprint is current: one
// SELECT), the loaders before they add rows.
import { createHash } from 'node:crypto';
import { nameKeys } from '../names/name-keys.js';
import { TIBETAN_NAME_PARTS } from '../names/tibetan-name-parts.js';
import type { SqlClient } from './bulk-load.js';

/**
 * Bump when nameKeys()' code changes the keys it gives for some name (the table's contents are in the
 * fingerprint already).
 */
export const NAME_KEYS_VERSION = 2;

/** What the stored keys must have been computed with: the keying code's version and the variant table. */
export const NAME_KEYS_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ version: NAME_KEYS_VERSION, parts: TIBETAN_NAME_PARTS }))
  .digest('hex');

export interface RekeyResult {
  /** False when the stored keys were current (nothing read but the fingerprint). */
  readonly rekeyed: boolean;
  /** Distinct stored names keyed again. */
  readonly names: number;
  /** Of those, names whose keys changed (and were rewritten). */
  readonly changed: number;
  readonly elapsedMs: number;
}

const UPLOAD_BATCH = 5000;

/** Re-keys the stored names if they were keyed with another table or code than this one (see above). */
export async function ensureCurrentNameKeys(client: SqlClient): Promise<RekeyResult> {
  const started = performance.now();
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('records.name_keying'))`);
    const { rows: current } = await client.query(`SELECT "fingerprint" FROM "records"."name_keying"`);
    if ((current[0] as { fingerprint: string } | undefined)?.fingerprint === NAME_KEYS_FINGERPRINT) {
      await client.query('COMMIT');
      return { rekeyed: false, names: 0, changed: 0, elapsedMs: performance.now() - started };
    }
    const { rows } = await client.query(
      `SELECT "name", array_agg(DISTINCT "key" ORDER BY "key") AS keys FROM "records"."person_name" GROUP BY "name"`,
    );
    const changed: Array<{ name: string; keys: string[] }> = [];
    for (const row of rows as Array<{ name: string; keys: string[] }>) {
      const keys = [...new Set(nameKeys(row.name).keys)].sort();
      // A stored name always had keys; should it have none now, keep the old rows rather than lose the name.
      if (keys.length === 0) continue;
      const stored = [...row.keys].sort();
      if (keys.length !== stored.length || keys.some((k, i) => k !== stored[i])) {
        changed.push({ name: row.name, keys });
      }
    }
    if (changed.length > 0) {
      await client.query(
        `CREATE TEMPORARY TABLE "rekey_names" ("name" text PRIMARY KEY, "keys" text[] NOT NULL) ON COMMIT DROP`,
      );
      for (let i = 0; i < changed.length; i += UPLOAD_BATCH) {
        await client.query(
          `INSERT INTO "rekey_names" ("name", "keys")
           SELECT r."name", ARRAY(SELECT jsonb_array_elements_text(r."keys"))
             FROM jsonb_to_recordset($1::jsonb) AS r("name" text, "keys" jsonb)`,
          [JSON.stringify(changed.slice(i, i + UPLOAD_BATCH))],
        );
      }
      // New keys first (copied from the rows the name has), then the obsolete ones go.
      await client.query(`
        INSERT INTO "records"."person_name" ("person_id", "name", "script", "is_alias", "key")
        SELECT DISTINCT ON (pn."person_id", pn."name", k."key") pn."person_id", pn."name", pn."script",
               pn."is_alias", k."key"
          FROM "records"."person_name" pn
          JOIN "rekey_names" r ON r."name" = pn."name"
          CROSS JOIN unnest(r."keys") AS k("key")
        ON CONFLICT DO NOTHING`);
      await client.query(`
        DELETE FROM "records"."person_name" pn USING "rekey_names" r
         WHERE pn."name" = r."name" AND pn."key" <> ALL (r."keys")`);
      await client.query(`
        INSERT INTO "records"."name_key" ("key")
        SELECT DISTINCT unnest("keys") FROM "rekey_names" ON CONFLICT DO NOTHING`);
      await client.query(`
        DELETE FROM "records"."name_key" d
         WHERE NOT EXISTS (SELECT 1 FROM "records"."person_name" n WHERE n."key" = d."key")`);
    }
    await client.query(
      `INSERT INTO "records"."name_keying" ("singleton", "fingerprint", "rekeyed_at") VALUES (true, $1, now())
       ON CONFLICT ("singleton") DO UPDATE SET "fingerprint" = EXCLUDED."fingerprint", "rekeyed_at" = now()`,
      [NAME_KEYS_FINGERPRINT],
    );
    await client.query('COMMIT');
    if (changed.length > 0) await client.query('ANALYZE "records"."person_name", "records"."name_key"');
    return {
      rekeyed: true,
      names: rows.length,
      changed: changed.length,
      elapsedMs: performance.now() - started,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
