import { describe, expect, it } from 'vitest';
import { inputOf, optional, paramsSchema, readParams, required } from '../../src/main/http/params';

const schema = paramsSchema({ a: required(8), b: optional(), c: optional() });

describe('readParams', () => {
  it('returns the declared parameters and ignores the others', () => {
    expect(readParams({ a: 'x', c: 'z', extra: [1, null] }, schema)).toEqual({ ok: true, params: { a: 'x', c: 'z' } });
  });

  it('treats an empty value as omitted (RFC 6749 §3.1)', () => {
    expect(readParams({ a: 'x', b: '' }, schema)).toEqual({ ok: true, params: { a: 'x' } });
  });

  it('treats null or no input as no parameters', () => {
    expect(readParams(null, paramsSchema({ b: optional() }))).toEqual({ ok: true, params: {} });
    expect(readParams(undefined, paramsSchema({ b: optional() }))).toEqual({ ok: true, params: {} });
  });

  it.each([
    [{ b: 'y' }, 'a', 'a is missing'],
    [{ a: ['x', 'y'] }, 'a', 'a is given more than once'],
    [{ a: 'x'.repeat(9) }, 'a', 'a is longer than 8 characters'],
    [{ a: null }, 'a', 'a must be a string, not null'],
    [{ a: 1 }, 'a', 'a must be a string, not a number'],
    [{ a: true }, 'a', 'a must be a string, not a boolean'],
    [{ a: { $ne: '' } }, 'a', 'a must be a string, not an object'],
  ])('%j → the problem names %s', (input, name, message) => {
    const read = readParams(input, schema);
    expect(read).toMatchObject({ ok: false, problem: { name, message } });
  });

  it('reports the first problem in declaration order, with the parameters that were valid', () => {
    expect(readParams({ a: 'x', b: 2, c: null }, schema)).toEqual({
      ok: false,
      problem: { name: 'b', message: 'b must be a string, not a number' },
      valid: { a: 'x' },
    });
  });

  it.each([['text'], [42], [[{ a: 'x' }]]])('refuses input %j that is not an object of parameters', (input) => {
    expect(readParams(input, schema)).toMatchObject({ ok: false, problem: { name: null } });
  });

  it('reads own properties only, so a prototype name is no parameter', () => {
    expect(readParams({}, paramsSchema({ toString: optional() }))).toEqual({ ok: true, params: {} });
    expect(readParams(Object.create({ b: 'inherited' }), schema)).toMatchObject({
      problem: { message: 'a is missing' },
    });
  });
});

describe('inputOf: the read as a use case takes it', () => {
  it('passes every parameter on when all were read', () => {
    expect(inputOf(readParams({ a: 'x', c: 'z' }, schema))).toEqual({ params: { a: 'x', c: 'z' }, invalid: null });
  });

  it('passes the valid ones and the first problem on when one was not', () => {
    expect(inputOf(readParams({ a: 'x', b: ['1', '2'], c: 'z' }, schema))).toEqual({
      params: { a: 'x', c: 'z' },
      invalid: { name: 'b', message: 'b is given more than once' },
    });
  });
});
