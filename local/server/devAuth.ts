// A local identity provider for development sign-in.
//
// It signs RS256 JWTs with a key pair kept in the data directory (so tokens
// stay valid across restarts) and publishes the public key like any OIDC
// provider does:
//   GET  <issuer>/.well-known/openid-configuration
//   GET  <issuer>/.well-known/jwks.json
//   POST <issuer>/token  {subject, name?, email?, emailVerified?}  ->  {token, expiresAt}
// A dev token's email carries `email_verified: true` (the dev sign-in vouches
// for the address it was given) unless the request says `emailVerified: false`;
// the app binds invitations only to verified emails.
// where <issuer> is http://127.0.0.1:<port>/dev-auth. The app's auth.config.ts
// lists this issuer (as a customJwt provider) only when WW_DEV_ISSUER is set,
// which the local backend does; production deployments never trust it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT,
  type CryptoKey, type JSONWebKeySet, type JWK, type JWTVerifyGetKey,
} from "jose";

export const DEV_AUTH_PATH = "/dev-auth";
/** Audience of every dev token; matches `applicationID: "convex"`. */
export const DEV_AUTH_AUDIENCE = "convex";
/** Lifetime of a dev token, in seconds. */
const TOKEN_LIFETIME_S = 60 * 60;

export type TokenRequest = {
  subject: string;
  name?: string;
  email?: string;
  /** Whether the email is vouched for (`email_verified` claim); default true when an email is given. */
  emailVerified?: boolean;
  /** Test hook: lifetime in seconds; negative yields an already expired token. */
  expiresInSeconds?: number;
};

export class DevAuth {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Verifies tokens against our own key without an HTTP round trip. */
  readonly keySet: JWTVerifyGetKey;
  private readonly publicJwks: JSONWebKeySet;

  private constructor(issuer: string, private readonly privateKey: CryptoKey, private readonly kid: string, publicJwk: JWK) {
    this.issuer = issuer;
    this.jwksUrl = `${issuer}/.well-known/jwks.json`;
    this.publicJwks = { keys: [{ ...publicJwk, kid, alg: "RS256", use: "sig" }] };
    this.keySet = createLocalJWKSet(this.publicJwks);
  }

  /** Loads the key pair from `dir`, creating it on first use. */
  static async open(dir: string, issuer: string): Promise<DevAuth> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "key.json");
    let privateJwk: JWK;
    if (existsSync(file)) {
      privateJwk = JSON.parse(readFileSync(file, "utf8")) as JWK;
    } else {
      const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
      privateJwk = await exportJWK(privateKey);
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
    const kid = await calculateJwkThumbprint(publicJwk);
    const key = (await importJWK(privateJwk, "RS256")) as CryptoKey;
    return new DevAuth(issuer.replace(/\/$/, ""), key, kid, publicJwk);
  }

  async issueToken(request: TokenRequest): Promise<{ token: string; expiresAt: number }> {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = request.expiresInSeconds ?? TOKEN_LIFETIME_S;
    const exp = now + lifetime;
    const claims: Record<string, string | boolean> = {};
    if (request.name) claims.name = request.name;
    if (request.email) {
      claims.email = request.email;
      claims.email_verified = request.emailVerified ?? true;
    }
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(this.issuer)
      .setSubject(request.subject)
      .setAudience(DEV_AUTH_AUDIENCE)
      .setIssuedAt(lifetime < 0 ? exp - 60 : now)
      .setExpirationTime(exp)
      .sign(this.privateKey);
    return { token, expiresAt: exp * 1000 };
  }

  discoveryDocument(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: this.jwksUrl,
      token_endpoint: `${this.issuer}/token`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
    };
  }

  jwks(): JSONWebKeySet {
    return this.publicJwks;
  }
}

/** Validates the body of POST /dev-auth/token. */
export function parseTokenRequest(body: unknown): TokenRequest {
  if (body === null || typeof body !== "object") throw new Error("Expected a JSON object {subject, name?, email?}");
  const b = body as Record<string, unknown>;
  if (typeof b.subject !== "string" || b.subject.trim() === "") throw new Error("`subject` must be a non-empty string");
  for (const key of ["name", "email"] as const) {
    if (b[key] !== undefined && typeof b[key] !== "string") throw new Error(`\`${key}\` must be a string`);
  }
  if (b.expiresInSeconds !== undefined && typeof b.expiresInSeconds !== "number") throw new Error("`expiresInSeconds` must be a number");
  if (b.emailVerified !== undefined && typeof b.emailVerified !== "boolean") throw new Error("`emailVerified` must be a boolean");
  return {
    subject: b.subject,
    name: b.name as string | undefined,
    email: b.email as string | undefined,
    emailVerified: b.emailVerified as boolean | undefined,
    expiresInSeconds: b.expiresInSeconds as number | undefined,
  };
}
