/** NATS headers every request carries (docs/architecture.md, "Messaging rules"). */
export const AUTHORIZATION_HEADER = 'Authorization';
export const REQUEST_ID_HEADER = 'Yiti-Request-Id';
export const TRACEPARENT_HEADER = 'traceparent';
