/**
 * For the exhaustive protobuf → GraphQL enum switches: a value `service` sends that this build does not know
 * (protobuf enums are open) is an error, never a guess.
 */
export const unknownFrom =
  (service: string) =>
  (what: string, value: never): never => {
    throw new Error(`the ${service} service sent an unknown ${what}: ${String(value)}`);
  };
