/** A two-way map between a protobuf enum and the codes a service stores in its database. */
export interface EnumMap<E extends number, C extends string> {
  /** The stored code of an enum value; undefined for a value outside the map (e.g. UNSPECIFIED). */
  code(value: E | undefined): C | undefined;
  /** The enum value of a stored code; `fallback` for an empty or unknown code. */
  message(code: string | null | undefined, fallback: E): E;
  /** Every code, in the order of the pairs. */
  codes(): C[];
}

export function enumMap<E extends number, C extends string>(
  pairs: ReadonlyArray<readonly [E, C]>,
): EnumMap<E, C> {
  const toCode = new Map<number, C>(pairs);
  const toEnum = new Map<string, E>(pairs.map(([e, c]) => [c, e]));
  return {
    code: (value) => (value === undefined ? undefined : toCode.get(value)),
    message: (code, fallback) => (code ? toEnum.get(code) : undefined) ?? fallback,
    codes: () => [...toEnum.keys()] as C[],
  };
}
