import shannan from './shannan-divisions.json' with { type: 'json' };

/**
 * The verified reference data of Shannan (山南市): its county-level divisions with their legacy codes, names,
 * procuratorates and whether they lie on the Yarlung Tsangpo — copied from shared/reference, in one place. The
 * directory service loads it into its tables (and answers everyone else from there); the records generator and
 * the records demonstration data use it to make synthetic persons.
 */
export const SHANNAN_REFERENCE = shannan;

export * from './code-lists.js';
export * from './code-check.js';

/**
 * The demo people of deploy/keycloak/realm-export.json (username, display name, organization, roles), copied
 * here so the directory can seed its people directory; apps/directory/test/people.rpc.spec.ts keeps the two in
 * step.
 */
export { default as DEMO_PEOPLE } from './demo-people.json' with { type: 'json' };
