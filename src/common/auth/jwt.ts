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

/** A token that passed verification: what is still to check on its next use (time only). */
interface VerifiedToken {
  userId: string;
  /** Seconds since the epoch, from the token's `exp`. */
  expiresAt: number;
}

/** Tokens verified per configuration, most recently used last; bounded, the oldest dropped first. */
const verified = new WeakMap<JwtSettings, Map<string, VerifiedToken>>();
const MAX_VERIFIED_TOKENS = 5_000;

/**
 * Verifies a bearer token and returns the staff user id it names. The algorithm is pinned to the
 * one configured (so `alg: none` and an HS256 token signed with the RS256 public key both fail),
 * issuer and audience must match, and `exp` is required.
 *
 * A token that verified once is remembered with its expiry (per configuration, so a rotated key
 * starts afresh): its signature, issuer and audience cannot change, so the same token is only
 * checked for expiry again instead of re-verified on every request of a session (HMAC and claim
 * checks were a hundredth of the nested page's server time, issue 9). The database still decides
 * on every request whether the user is active and where (staffService.loadViewer).
 */
export function verifyAccessToken(token: string, settings: JwtSettings, now: Date = new Date()): string {
  let known = verified.get(settings);
  if (!known) verified.set(settings, (known = new Map()));
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const remembered = known.get(token);
  if (remembered) {
    known.delete(token);
    if (nowSeconds >= remembered.expiresAt + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('Token expired');
    known.set(token, remembered);
    return remembered.userId;
  }
  let payload: string | JwtPayload;
  try {
    payload = jwt.verify(token, verificationKey(settings.key), {
      algorithms: [settings.key.algorithm as Algorithm],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: nowSeconds,
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
  if (known.size >= MAX_VERIFIED_TOKENS) known.delete(known.keys().next().value as string);
  known.set(token, { userId: payload.sub, expiresAt: payload.exp });
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
