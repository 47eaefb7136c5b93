import jwt from 'jsonwebtoken';
import { verifyAccessToken, type JwtSettings } from '../../src/common/auth/jwt';

const secret = 'token-reuse-test-secret-token-reuse-test-secret';
const settings = (): JwtSettings => ({ key: { algorithm: 'HS256', secret }, issuer: 'tiered-test', audience: 'tiered-api' });
const sign = (expiresAt: number, subject = 'user-1', key = secret) =>
  jwt.sign({ exp: expiresAt }, key, { algorithm: 'HS256', subject, issuer: 'tiered-test', audience: 'tiered-api' });
const at = (seconds: number) => new Date(seconds * 1000);

describe('a token used again', () => {
  const start = 1_900_000_000;

  it('is accepted while valid and refused once expired, as on first use', () => {
    const config = settings();
    const token = sign(start + 600);
    expect(verifyAccessToken(token, config, at(start))).toBe('user-1');
    expect(verifyAccessToken(token, config, at(start + 300))).toBe('user-1');
    // The clock tolerance (30 s) applies to a remembered token as to a fresh one.
    expect(verifyAccessToken(token, config, at(start + 620))).toBe('user-1');
    expect(() => verifyAccessToken(token, config, at(start + 630))).toThrow('Token expired');
    expect(() => verifyAccessToken(token, config, at(start + 631))).toThrow('Token expired');
  });

  it('is verified afresh under another configuration (a rotated secret refuses it)', () => {
    const token = sign(start + 600);
    expect(verifyAccessToken(token, settings(), at(start))).toBe('user-1');
    const rotated: JwtSettings = { ...settings(), key: { algorithm: 'HS256', secret: `${secret}-rotated` } };
    expect(() => verifyAccessToken(token, rotated, at(start))).toThrow('Invalid token');
  });

  it('never lends its verification to a different token (a changed signature or subject)', () => {
    const config = settings();
    const token = sign(start + 600);
    expect(verifyAccessToken(token, config, at(start))).toBe('user-1');
    const [header, , signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ exp: start + 600, sub: 'user-2', iss: 'tiered-test', aud: 'tiered-api' })).toString('base64url');
    expect(() => verifyAccessToken(`${header}.${otherPayload}.${signature}`, config, at(start))).toThrow('Invalid token');
    expect(() => verifyAccessToken(sign(start + 600, 'user-2', 'another-secret-another-secret-another'), config, at(start))).toThrow('Invalid token');
  });
});
