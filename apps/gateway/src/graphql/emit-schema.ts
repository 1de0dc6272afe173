import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchemaSdl } from './schema-sdl.js';

/** `npm run schema:emit`: rewrites apps/gateway/schema.gql from the code-first resolvers and models. */
const target = fileURLToPath(new URL('../../../schema.gql', import.meta.url));
writeFileSync(target, await buildSchemaSdl());
process.stdout.write(`wrote ${target}\n`);
