import { describe, expect, it } from 'vitest';
import { claimsAskedIn, readClaimsRequest, storedClaimsRequest } from '../../src/main/auth/claims-request';

describe('the claims request parameter (OIDC Core §5.5)', () => {
  it('reads the userinfo and id_token members, with essential, keeping only the claims Gatehouse serves', () => {
    const read = readClaimsRequest(
      JSON.stringify({
        userinfo: { email: { essential: true }, name: null, 'https://example.com/unknown': null },
        id_token: { phone_number: { essential: false, values: ['x'] }, acr: { values: ['urn:x'] } },
        other_member: { name: null },
      }),
    );
    expect(read).toEqual({
      ok: true,
      claims: {
        userinfo: { email: { essential: true }, name: null },
        id_token: { phone_number: { essential: false } },
      },
    });
    expect(read.ok && claimsAskedIn(read.claims, 'userinfo')).toEqual(['email', 'name']);
  });

  it('is null when absent or when it names nothing Gatehouse serves', () => {
    expect(readClaimsRequest(undefined)).toEqual({ ok: true, claims: null });
    expect(readClaimsRequest('{"id_token":{"acr":{"values":["urn:x"]}}}')).toEqual({ ok: true, claims: null });
    expect(readClaimsRequest('{}')).toEqual({ ok: true, claims: null });
    expect(claimsAskedIn(null, 'id_token')).toEqual([]);
  });

  it('refuses an essential acr in the id_token as unmet_authentication_requirements (§5.5.1.1), with or without values; a voluntary one is ignored', () => {
    for (const acr of [
      { essential: true },
      { essential: true, values: ['urn:x', 'urn:y'] },
      { essential: true, value: '1' },
    ])
      expect(readClaimsRequest(JSON.stringify({ id_token: { acr } }))).toMatchObject({
        ok: false,
        error: 'unmet_authentication_requirements',
      });
    expect(readClaimsRequest('{"id_token":{"acr":{"essential":false,"values":["1"]}}}')).toEqual({
      ok: true,
      claims: null,
    });
    expect(readClaimsRequest('{"userinfo":{"acr":{"essential":true}}}')).toEqual({ ok: true, claims: null });
  });

  it('refuses what is malformed: not JSON, not an object, a member or a claim of the wrong type', () => {
    for (const raw of [
      '{',
      'null',
      '[]',
      '"x"',
      '{"userinfo":[]}',
      '{"id_token":{"name":true}}',
      '{"userinfo":{"name":{"essential":"yes"}}}',
    ])
      expect(readClaimsRequest(raw)).toMatchObject({ ok: false });
  });

  it('reads back what a code stored, and a code without one as null', () => {
    const claims = { userinfo: {}, id_token: { name: null } };
    expect(storedClaimsRequest(JSON.stringify(claims))).toEqual(claims);
    expect(storedClaimsRequest(null)).toBeNull();
  });
});
