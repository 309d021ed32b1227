import { describe, expect, it } from 'vitest';
import { MpValidationError, paramValueProblem, validateMp, type ParamRule } from '../src/index.js';

describe('paramValueProblem: the one check of a wire value against its taxonomy param', () => {
  const plan: ParamRule = { name: 'plan_type', type: 'enum', values: ['free', 'pro'] };
  const bucket: ParamRule = { name: 'token_bucket', type: 'bucket', bucket: { from: 'tokens', labels: ['0-1k', '1k+'] } };

  it('accepts fitting values', () => {
    expect(paramValueProblem(plan, 'pro')).toBeUndefined();
    expect(paramValueProblem(bucket, '1k+')).toBeUndefined();
    expect(paramValueProblem({ name: 'ok', type: 'boolean' }, false)).toBeUndefined();
    expect(paramValueProblem({ name: 'c', type: 'pattern', pattern: '^[A-Z]{3}$' }, 'EUR')).toBeUndefined();
    expect(paramValueProblem({ name: 'v', type: 'number', min: 0, integer: true }, 3)).toBeUndefined();
  });

  it('names the problem with a code, and offers the allowed values for a did-you-mean', () => {
    expect(paramValueProblem(plan, 'gold')).toEqual({ code: 'VALUE_INVALID', description: '"gold" is not one of free, pro.', allowed: ['free', 'pro'] });
    expect(paramValueProblem(plan, 1)?.code).toBe('UNSUPPORTED_TYPE');
    expect(paramValueProblem(bucket, 1200)?.description).toContain('Pass the raw value as "tokens"');
    expect(paramValueProblem({ name: 'c', type: 'pattern', pattern: '^[A-Z]{3}$' }, 'eur')).toMatchObject({ code: 'VALUE_INVALID' });
    expect(paramValueProblem({ name: 'v', type: 'number', min: 0 }, -5)).toEqual({ code: 'VALUE_OUT_OF_BOUNDS', description: '-5 is below the minimum 0.' });
    expect(paramValueProblem({ name: 'v', type: 'number', integer: true }, 1.5)?.code).toBe('VALUE_INVALID');
    expect(paramValueProblem({ name: 'v', type: 'number' }, Number.NaN)?.code).toBe('UNSUPPORTED_TYPE');
  });

  it('never repeats personal data in a description', () => {
    expect(paramValueProblem(plan, 'jane@example.com')?.description).toBe('"[email]" is not one of free, pro.');
  });
});

describe('validateMp: the one /debug/mp/collect client', () => {
  const url = 'https://ga.example/debug/mp/collect?measurement_id=G-1&api_secret=s3cret';
  const answer = (status: number, body: string) => (async () => new Response(body, { status })) as unknown as typeof fetch;

  it('returns the messages, each field read as a string', async () => {
    const body = JSON.stringify({ validationMessages: [{ fieldPath: 'events', description: 'bad', validationCode: 'VALUE_INVALID' }, { fieldPath: 3 }] });
    expect(await validateMp(url, {}, { fetch: answer(200, body) })).toEqual([
      { fieldPath: 'events', description: 'bad', validationCode: 'VALUE_INVALID' },
      { fieldPath: '3', description: '', validationCode: '' },
    ]);
    expect(await validateMp(url, {}, { fetch: answer(200, '{}') })).toEqual([]);
  });

  it('rejects with a typed error that never holds the URL (its query has the API secret)', async () => {
    const cases: [typeof fetch, MpValidationError['kind']][] = [
      [answer(500, 'oops'), 'status'],
      [answer(200, 'not json'), 'malformed'],
      [(async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); }) as unknown as typeof fetch, 'network'],
    ];
    for (const [fetchFn, kind] of cases) {
      const error = await validateMp(url, {}, { fetch: fetchFn }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MpValidationError);
      expect((error as MpValidationError).kind).toBe(kind);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});
