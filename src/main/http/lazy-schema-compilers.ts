/**
 * Fastify's JSON-schema compilers (ajv through `@fastify/ajv-compiler`, `fast-json-stringify`),
 * loaded the first time a route declares a schema instead of at every process's first `fastify()`.
 * Gatehouse's routes read their input with zod (`http/params.ts`) and declare no Fastify schema, yet
 * the `require` of those compilers was the largest part of a cold start (150–400 ms of the main
 * thread: bench/README.md, "Test harness"). A route that does declare one gets the very same
 * compilers, built with the same options, when it is registered.
 */
import type { ValidatorFactory } from '@fastify/ajv-compiler';
import type { SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';
import { createRequire } from 'node:module';

/** A compiler builder as Fastify calls it: the instance's shared schemas and its compiler options. */
type Builder = (externalSchemas: unknown, options: unknown) => unknown;

/**
 * A builder that loads the module (resolved the way Fastify resolves it: its dependency, not
 * necessarily hoisted) and makes Fastify's default builder from it on its first call, once per process.
 */
function loadedOnFirstUse(id: string): Builder {
  let builder: Builder | undefined;
  return (externalSchemas, options) => {
    if (!builder) {
      const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
      builder = (fromFastify(id) as () => Builder)();
    }
    return builder(externalSchemas, options);
  };
}

const buildValidator = loadedOnFirstUse('@fastify/ajv-compiler') as ValidatorFactory;
const buildSerializer = loadedOnFirstUse('@fastify/fast-json-stringify-compiler') as SerializerFactory;

/**
 * The `schemaController` option for a Fastify server of Gatehouse: its compilers load on first use.
 * One difference from the defaults, moot while no route declares a schema: Fastify treats these
 * builders as custom ones, so it would hand a `headers` schema over as written rather than with
 * its property names lowercased; declare header schemas in lowercase.
 */
export function lazySchemaCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  return { compilersFactory: { buildValidator, buildSerializer } };
}
