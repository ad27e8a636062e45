import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { InvalidParam, RequestInput } from '../auth/request-input';
import { sendError } from './errors';

/**
 * The one reader of a public endpoint's parameters (query string, form or JSON body alike). Each
 * endpoint declares its parameters once, as a zod object of strings (`paramsSchema`); the reader
 * checks every declared parameter is given at most once (RFC 6749 §3.1, §3.2) and is a string of
 * the allowed length, so no other type ever reaches a handler. Undeclared parameters are ignored
 * (RFC 6749 §3.1), and an empty value counts as omitted.
 */

/** Longest value a parameter may have unless its schema says otherwise. */
export const MAX_PARAM = 2048;

/** An optional parameter: one string of at most `max` characters. */
export const optional = (max = MAX_PARAM) => z.string().max(max).optional();
/** A required parameter: one non-empty string of at most `max` characters. */
export const required = (max = MAX_PARAM) => z.string().max(max);

type ParamShape = Record<string, z.ZodOptional<z.ZodString> | z.ZodString>;

/** One endpoint's parameters, declared once. */
export const paramsSchema = <S extends ParamShape>(shape: S) => z.object(shape);

/** Which parameter is wrong (null: the parameters as a whole, e.g. a JSON body that is an array) and why. */
export type ParamProblem = InvalidParam;

/**
 * The parameters read: all of them, or the first problem in declaration order with the ones that
 * were valid (the authorization endpoint needs those to decide where an error may be sent).
 */
export type ParamsRead<T> =
  { ok: true; params: T } | { ok: false; problem: ParamProblem; valid: Partial<Record<keyof T, string>> };

const kindOf = (v: unknown): string => (v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

function explain(name: string, given: unknown, issue: z.core.$ZodIssue | undefined): string {
  if (given === undefined) return `${name} is missing`;
  if (typeof given !== 'string') return `${name} must be a string, not ${kindOf(given)}`;
  if (issue?.code === 'too_big') return `${name} is longer than ${String(issue.maximum)} characters`;
  return `${name} is not valid`;
}

/** Each schema's parameters, and whether each may be absent, worked out once per schema. */
const fieldsOf = new WeakMap<
  z.ZodObject<ParamShape>,
  { name: string; field: ParamShape[string]; optional: boolean }[]
>();
function fields(schema: z.ZodObject<ParamShape>) {
  let list = fieldsOf.get(schema);
  if (!list) {
    list = Object.entries(schema.shape).map(([name, field]) => ({
      name,
      field,
      optional: field.safeParse(undefined).success,
    }));
    fieldsOf.set(schema, list);
  }
  return list;
}

/** Reads `input` (a parsed query string or body; null or absent is no parameters) against `schema`. */
export function readParams<S extends z.ZodObject<ParamShape>>(input: unknown, schema: S): ParamsRead<z.output<S>> {
  type Names = keyof z.output<S>;
  const valid: Partial<Record<Names, string>> = {};
  const source = input ?? {};
  if (typeof source !== 'object' || Array.isArray(source))
    return { ok: false, problem: { name: null, message: 'the parameters must be a form or a JSON object' }, valid };
  let problem: ParamProblem | null = null;
  for (const { name, field, optional: mayBeAbsent } of fields(schema)) {
    // own properties only: `toString` of a plain object is no parameter
    const raw: unknown = Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : undefined;
    const given = raw === '' ? undefined : raw;
    if (Array.isArray(given)) {
      problem ??= { name, message: `${name} is given more than once` };
      continue;
    }
    if (given === undefined && mayBeAbsent) continue;
    const parsed = field.safeParse(given);
    if (!parsed.success) problem ??= { name, message: explain(name, given, parsed.error.issues[0]) };
    else if (parsed.data !== undefined) valid[name as Names] = parsed.data;
  }
  if (problem) return { ok: false, problem, valid };
  return { ok: true, params: valid as z.output<S> };
}

/** 400 `invalid_request` naming the parameter (RFC 6749 §5.2), for endpoints that answer in JSON. */
export function refuseParams(reply: FastifyReply, problem: ParamProblem): FastifyReply {
  return sendError(reply, 400, 'invalid_request', problem.message);
}

/**
 * The read as a use case takes it (`auth/request-input.ts`): the valid parameters and the first
 * problem, for endpoints whose use case decides what a problem means (authorization, logout).
 */
export function inputOf<T>(read: ParamsRead<T>): RequestInput<Partial<T>> {
  return read.ok ? { params: read.params, invalid: null } : { params: read.valid as Partial<T>, invalid: read.problem };
}
