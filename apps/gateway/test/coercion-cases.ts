import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';

/**
 * Variable-coercion failures across the committed schema: for every argument of every query and mutation, values
 * that its type cannot take (a wrong scalar, an unknown enum value, an input object's missing, null or unknown
 * field, a list's null item…). Each is a document that graphql rejects before any resolver runs.
 */
export interface CoercionCase {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

const OBJECT = { nested: { deep: true } };

/** Values the (nullable) type cannot take, with a label. */
function badValues(type: GraphQLInputType): Array<[string, unknown]> {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = nullable.ofType as GraphQLInputType;
    const out: Array<[string, unknown]> = badValues(item).map(([label, v]) => [`[${label}]`, [v]]);
    if (isNonNullType(item)) out.push(['[null]', [null]]);
    return out.slice(0, 3);
  }
  if (isEnumType(nullable)) {
    return [
      ['unknown enum value', 'NO_SUCH_VALUE_42'],
      ['lower-case enum value', nullable.getValues()[0]!.name.toLowerCase()],
      ['number for enum', 7],
    ];
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    const out: Array<[string, unknown]> = [
      ['scalar for input object', 'x'],
      ['unknown input field', { noSuchField: 1 }],
    ];
    const required = fields.find((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    if (required) {
      out.push([`missing required ${required.name}`, {}]);
      out.push([`null required ${required.name}`, { [required.name]: null }]);
    }
    return out;
  }
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case 'Int':
        return [
          ['Int 1e40', 1e40],
          ['Int "x"', 'x'],
          ['Int 1.5', 1.5],
          ['Int object', OBJECT],
        ];
      case 'Float':
        return [
          ['Float "x"', 'x'],
          ['Float object', OBJECT],
        ];
      case 'Boolean':
        return [
          ['Boolean "yes"', 'yes'],
          ['Boolean 1', 1],
        ];
      case 'ID':
        return [
          ['ID object', OBJECT],
          ['ID true', true],
          ['ID 1.5', 1.5],
        ];
      default:
        return [
          [`${nullable.name} object`, OBJECT],
          [`${nullable.name} number`, 42],
          [`${nullable.name} list`, ['a']],
        ];
    }
  }
  return [];
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return 'getFields' in named ? ' { __typename }' : '';
}

function casesOfArgument(
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  arg: GraphQLArgument,
): CoercionCase[] {
  const others = field.args.filter((a) => a !== arg && isNonNullType(a.type));
  const declared = [`$v: ${arg.type.toString()}`, ...others.map((a) => `$${a.name}: ${a.type.toString()}`)];
  const passed = [`${arg.name}: $v`, ...others.map((a) => `${a.name}: $${a.name}`)];
  const query = `${operation}(${declared.join(', ')}) { ${field.name}(${passed.join(', ')})${selectionOf(field)} }`;
  // The other required arguments get nothing: coercion reports every variable, ours is among them.
  const cases = badValues(arg.type).map(([label, value]) => ({
    name: `${field.name}(${arg.name}): ${label}`,
    query,
    variables: { v: value },
  }));
  if (isNonNullType(arg.type))
    cases.push({ name: `${field.name}(${arg.name}): null`, query, variables: { v: null } });
  return cases;
}

/** Every coercion failure of every root argument of the committed schema, deduplicated by name. */
export function coercionCases(schemaFile: URL): CoercionCase[] {
  const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
  const cases = new Map<string, CoercionCase>();
  const roots: Array<['query' | 'mutation', GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) {
        for (const c of casesOfArgument(operation, field, arg)) {
          // Only the value matters for another engineer reading a failure: one variable is wrong.
          if (!cases.has(c.name)) cases.set(c.name, c);
        }
      }
    }
  }
  return [...cases.values()];
}
