/**
 * One decoding per event however many subscriptions look at it: the feed hands each of them the same payload
 * object, so the result is kept by that object. A payload that does not decode, or decodes to an event without
 * its identifying fields, throws — every time it is asked — so the feed logs and skips it.
 */
export function decodeOnce<T>(decode: (payload: Uint8Array) => T): (payload: Uint8Array) => T {
  const decoded = new WeakMap<Uint8Array, T | Error>();
  return (payload) => {
    let result = decoded.get(payload);
    if (result === undefined) {
      try {
        result = decode(payload);
      } catch (err) {
        result = err instanceof Error ? err : new Error(String(err));
      }
      decoded.set(payload, result);
    }
    if (result instanceof Error) throw result;
    return result;
  };
}
