import {
  getNamedType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * A selection of every field of `typeName` that needs no argument, objects included down to `depth` levels
 * (a type already on the path is not entered again): the most a client can ask of one item.
 */
export function everyField(
  schema: GraphQLSchema,
  typeName: string,
  depth: number,
  path: string[] = [],
): string {
  const type: GraphQLNamedType | undefined = schema.getType(typeName);
  if (!type || !isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (!isCompositeType(named)) {
      parts.push(field.name);
      continue;
    }
    if (depth <= 1 || path.includes(named.name) || !isObjectType(named)) continue;
    const inner = everyField(schema, named.name, depth - 1, [...path, typeName]);
    if (inner) parts.push(`${field.name} ${inner}`);
  }
  return `{ ${parts.join(' ')} }`;
}
