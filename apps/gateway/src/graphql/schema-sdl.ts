import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { RESOLVER_MODULES } from '../app.module.js';

/** Every resolver class the gateway serves (the providers of the resolver modules). */
export function resolverClasses(): Function[] {
  return RESOLVER_MODULES.flatMap(
    (m) => (Reflect.getMetadata('providers', m) as Function[] | undefined) ?? [],
  );
}

/** The gateway's schema as SDL, sorted — what apps/gateway/schema.gql holds (`npm run schema:emit`). */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(resolverClasses());
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}
