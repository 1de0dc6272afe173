/**
 * Formats of identifiers that cross service boundaries. The gateway validates input against them and every
 * service checks them again.
 */
export const DIVISION_CODE = /^[0-9]{6}$/;
export const ORGANIZATION_CODE = /^(proc|police|isco|military|supervision|fire-rescue)-[0-9]{6}$/;
export const BASIN_CODE = /^[a-z][a-z0-9-]{1,62}$/;
export const NAME_MAX_LENGTH = 200;
/** How many codes one batch lookup may ask for. */
export const MAX_BATCH = 500;
export const AGREEMENT_CODE = /^[a-z0-9][a-z0-9-]{2,62}$/;
/** Business lines and case categories: short lowercase codes, e.g. `criminal`, `ecology-resources`. */
export const SCOPE_CODE = /^[a-z][a-z0-9-]{1,40}$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CLAUSE_MAX_LENGTH = 4000;
export const MAX_CLAUSES = 200;
export const MAX_PARTIES = 50;
/** A client's idempotency key: a UUID or a similar opaque token. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
