import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt, { type Algorithm, type JwtPayload } from 'jsonwebtoken';
import type { JwtKeyConfig } from '../../config';
import { unauthenticated } from '../errors';

export interface JwtSettings {
  key: JwtKeyConfig;
  issuer: string;
  audience: string;
}

const CLOCK_TOLERANCE_SECONDS = 30;

const keyObjects = new WeakMap<JwtKeyConfig, KeyObject>();

/**
 * The verification key as a KeyObject, made once per configuration: given a string, jsonwebtoken
 * parses it on every call, and for an HS256 secret first tries it as a PEM public key and fails
 * (a thrown error per request: about 2% of the nested-read profile, issue 9).
 */
function verificationKey(key: JwtKeyConfig): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = key.algorithm === 'HS256' ? createSecretKey(Buffer.from(key.secret, 'utf8')) : createPublicKey(key.publicKey);
    keyObjects.set(key, object);
  }
  return object;
}

/**
 * Verifies a bearer token and returns the staff user id it names. The algorithm is pinned to the
 * one configured (so `alg: none` and an HS256 token signed with the RS256 public key both fail),
 * issuer and audience must match, and `exp` is required.
 */
export function verifyAccessToken(token: string, settings: JwtSettings): string {
  let payload: string | JwtPayload;
  try {
    payload = jwt.verify(token, verificationKey(settings.key), {
      algorithms: [settings.key.algorithm as Algorithm],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TokenExpiredError') throw unauthenticated('Token expired');
    if (name === 'NotBeforeError') throw unauthenticated('Token not yet valid');
    throw unauthenticated('Invalid token');
  }
  if (typeof payload === 'string' || typeof payload.exp !== 'number') {
    throw unauthenticated('Token must carry an expiry (exp)');
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw unauthenticated('Token has no subject');
  return payload.sub;
}

/** Signs a token for a staff user; HS256 only needs the secret, RS256 needs the private key. */
export function signAccessToken(
  userId: string,
  settings: { issuer: string; audience: string; expiresInSeconds: number } & (
    | { algorithm: 'HS256'; secret: string }
    | { algorithm: 'RS256'; privateKey: string }
  ),
): string {
  const key = settings.algorithm === 'HS256' ? settings.secret : settings.privateKey;
  return jwt.sign({}, key, {
    algorithm: settings.algorithm,
    subject: userId,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.expiresInSeconds,
  });
}
