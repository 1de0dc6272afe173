import { TOO_COMPLEX } from '../graphql/query-cost.js';

/** graphql's parser refusing a document over the token limit: names the limit and calls it a syntax error. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/** The message of a parse/validation error as the client sees it: a limit refusal never names the limit. */
export const documentMessage = (message: string): string =>
  TOKEN_LIMIT.test(message) ? TOO_COMPLEX : message;
