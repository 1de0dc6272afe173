import {
  getNamedType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { MAX_PAGE } from './paging.js';

/**
 * The estimated cost of an operation, before it runs: every selected field costs 1, a field with a selection
 * (an object) 2 plus its selection, and a paged field (an Int `first` argument) multiplies its cost by the page
 * size it actually asks for — the literal, the variable's value, or the argument's default when omitted
 * (clamped to 1..MAX_PAGE: a page size out of range is refused by the input validation, with its own message).
 * Fragments count where they are spread; introspection fields cost nothing.
 */
export const OBJECT_COST = 2;
export const SCALAR_COST = 1;

/** The page size a `first` argument asks for (the largest when it cannot be known before execution). */
function pageSize(
  field: GraphQLField<unknown, unknown>,
  value: ValueNode | undefined,
  variables: Readonly<Record<string, unknown>> | undefined,
  variableDefaults: ReadonlyMap<string, ValueNode>,
): number {
  const clamp = (n: number) => Math.min(Math.max(Math.trunc(n), 1), MAX_PAGE);
  if (!value) {
    const fallback = field.args.find((a) => a.name === 'first')?.defaultValue;
    return typeof fallback === 'number' ? clamp(fallback) : MAX_PAGE;
  }
  if (value.kind === Kind.INT) return clamp(Number(value.value));
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    const given = variables?.[name];
    if (typeof given === 'number' && Number.isFinite(given)) return clamp(given);
    if (variables && given === undefined) {
      const declared = variableDefaults.get(name);
      if (declared?.kind === Kind.INT) return clamp(Number(declared.value));
      if (!declared) return pageSize(field, undefined, variables, variableDefaults);
    }
  }
  // null, a value coercion will refuse, or variables not known (WebSocket validation): the largest page.
  return MAX_PAGE;
}

const isPaged = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((a) => a.name === 'first' && getNamedType(a.type).name === 'Int');

class CostEstimate {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly variableDefaults = new Map<string, ValueNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Readonly<Record<string, unknown>> | undefined,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  operation(operation: OperationDefinitionNode): number {
    for (const v of operation.variableDefinitions ?? []) {
      if (v.defaultValue) this.variableDefaults.set(v.variable.name.value, v.defaultValue);
    }
    const root =
      operation.operation === 'query'
        ? this.schema.getQueryType()
        : operation.operation === 'mutation'
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    return root ? this.selection(operation.selectionSet, root, new Set()) : 0;
  }

  private selection(set: SelectionSetNode, parent: GraphQLCompositeType, spreading: Set<string>): number {
    let cost = 0;
    for (const node of set.selections) {
      if (node.kind === Kind.FIELD) {
        if (node.name.value.startsWith('__')) continue;
        const field =
          isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
        if (!node.selectionSet) {
          cost += SCALAR_COST;
          continue;
        }
        const type = field ? getNamedType(field.type) : undefined;
        let fieldCost = OBJECT_COST;
        if (type && isCompositeType(type)) fieldCost += this.selection(node.selectionSet, type, spreading);
        if (field && isPaged(field)) {
          const first = node.arguments?.find((a) => a.name.value === 'first')?.value;
          fieldCost *= pageSize(field, first, this.variables, this.variableDefaults);
        }
        cost += fieldCost;
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        const type = node.typeCondition ? this.schema.getType(node.typeCondition.name.value) : parent;
        cost += this.selection(node.selectionSet, (type ?? parent) as GraphQLCompositeType, spreading);
      } else {
        const name = node.name.value;
        const fragment = this.fragments.get(name);
        // A fragment spread inside itself is refused by validation; here it just stops counting.
        if (!fragment || spreading.has(name)) continue;
        const type = this.schema.getType(fragment.typeCondition.name.value) ?? parent;
        cost += this.selection(
          fragment.selectionSet,
          type as GraphQLCompositeType,
          new Set([...spreading, name]),
        );
      }
    }
    return cost;
  }
}

/** The estimated cost of one operation of `document` with the request's variables (see above). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): number {
  return new CostEstimate(schema, document, variables).operation(operation);
}

/** The one message of every query-size refusal (cost, depth, aliases, directives, tokens): no limit in it. */
export const TOO_COMPLEX = 'The query is too complex.';

export const tooComplex = () =>
  new GraphQLError(TOO_COMPLEX, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/**
 * The cost limit as a validation rule, where the variables are not known yet (subscriptions over WebSocket):
 * a page size given by a variable counts as the largest page. Over HTTP the Apollo plugin below judges with the
 * variables.
 */
export const costLimitRule =
  (maxCost: number): ValidationRule =>
  (context) => ({
    OperationDefinition(operation) {
      if (operationCost(context.getSchema(), context.getDocument(), operation, undefined) > maxCost) {
        context.reportError(tooComplex());
      }
    },
  });
