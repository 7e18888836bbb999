// Verifies client JWTs the way a Convex deployment does, against the
// providers of the app's `auth.config.ts` (default export `{ providers }`):
//   { domain, applicationID }                      OIDC: keys via discovery
//   { type: "customJwt", issuer, jwks, algorithm, applicationID? }
// and turns the claims into the UserIdentity that functions see
// (`tokenIdentifier` = `${iss}|${sub}`).
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Engine, Identity } from "../engine/engine.js";
import type { DevAuth } from "./devAuth.js";

type Provider =
  | { type?: undefined; domain: string; applicationID: string }
  | { type: "customJwt"; issuer: string; jwks: string; algorithm: string; applicationID?: string };

export class AuthenticationError extends Error {}

/** UserIdentity attribute -> JWT claim, as documented on `UserIdentity`. */
const CLAIM_OF_ATTRIBUTE: Record<string, string> = {
  subject: "sub", issuer: "iss", name: "name", givenName: "given_name", familyName: "family_name",
  nickname: "nickname", preferredUsername: "preferred_username", profileUrl: "profile", pictureUrl: "picture",
  email: "email", emailVerified: "email_verified", gender: "gender", birthday: "birthdate", timezone: "zoneinfo",
  language: "locale", phoneNumber: "phone_number", phoneNumberVerified: "phone_number_verified",
  address: "address", updatedAt: "updated_at",
};
const ATTRIBUTE_OF_CLAIM = Object.fromEntries(Object.entries(CLAIM_OF_ATTRIBUTE).map(([a, c]) => [c, a]));
/** Registered claims that are not part of the identity. */
const PROTOCOL_CLAIMS = new Set(["aud", "exp", "iat", "nbf", "jti", "azp"]);

const trimSlash = (s: string) => s.replace(/\/+$/, "");

export class TokenVerifier {
  private providers: Promise<Provider[]> | null = null;
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly oidcKeySets = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(private readonly engine: Engine, private readonly devAuth: DevAuth) {}

  /** Forget the loaded config (after a reload of the functions). */
  reset(): void {
    this.providers = null;
  }

  /** The identity of a valid token; throws AuthenticationError otherwise. */
  async verify(token: string): Promise<Identity> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch (e) {
      throw new AuthenticationError(`Could not parse JWT payload. Check that the token is a valid JWT format: ${(e as Error).message}`);
    }
    const iss = typeof unverified.iss === "string" ? trimSlash(unverified.iss) : null;
    const providers = await this.loadProviders();
    const provider = providers.find((p) => (p.type === "customJwt" ? trimSlash(p.issuer) : trimSlash(p.domain)) === iss);
    if (!provider || iss === null) {
      throw new AuthenticationError("No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers.");
    }
    let payload: JWTPayload;
    try {
      const keys = provider.type === "customJwt" ? this.customKeys(provider.jwks) : await this.oidcKeys(provider.domain);
      ({ payload } = await jwtVerify(token, keys, {
        issuer: [unverified.iss as string],
        ...(provider.applicationID ? { audience: provider.applicationID } : {}),
        ...(provider.type === "customJwt" ? { algorithms: [provider.algorithm] } : {}),
      }));
    } catch (e) {
      throw new AuthenticationError(`Could not verify token claim. Check that the token signature is valid and the token hasn't expired: ${(e as Error).message}`);
    }
    return identityFromClaims(payload);
  }

  private loadProviders(): Promise<Provider[]> {
    this.providers ??= this.engine.modules.loadDefault("auth.config").then(
      (config) => ((config as { providers?: Provider[] } | undefined)?.providers ?? []).filter(Boolean),
    );
    return this.providers;
  }

  private customKeys(jwks: string): JWTVerifyGetKey {
    if (trimSlash(jwks) === this.devAuth.jwksUrl) return this.devAuth.keySet;
    let keys = this.keySets.get(jwks);
    if (!keys) {
      if (jwks.startsWith("data:")) {
        const [meta, data] = jwks.slice(5).split(",", 2);
        const text = meta.endsWith(";base64") ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
        keys = createLocalJWKSet(JSON.parse(text) as JSONWebKeySet);
      } else {
        keys = createRemoteJWKSet(new URL(jwks));
      }
      this.keySets.set(jwks, keys);
    }
    return keys;
  }

  private oidcKeys(domain: string): Promise<JWTVerifyGetKey> {
    const base = trimSlash(domain);
    if (base === this.devAuth.issuer) return Promise.resolve(this.devAuth.keySet);
    let keys = this.oidcKeySets.get(base);
    if (!keys) {
      keys = fetch(`${base}/.well-known/openid-configuration`)
        .then(async (res) => {
          if (!res.ok) throw new Error(`OIDC discovery at ${base} failed: HTTP ${res.status}`);
          const { jwks_uri } = (await res.json()) as { jwks_uri: string };
          return createRemoteJWKSet(new URL(jwks_uri));
        })
        .catch((e: unknown) => {
          this.oidcKeySets.delete(base); // retry discovery next time
          throw e;
        });
      this.oidcKeySets.set(base, keys);
    }
    return keys;
  }
}

function identityFromClaims(claims: JWTPayload): Identity {
  if (typeof claims.sub !== "string" || typeof claims.iss !== "string") {
    throw new AuthenticationError("Token is missing the `sub` or `iss` claim");
  }
  const identity: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries(claims)) {
    if (PROTOCOL_CLAIMS.has(claim) || value === undefined) continue;
    identity[ATTRIBUTE_OF_CLAIM[claim] ?? claim] = value;
  }
  identity.tokenIdentifier = `${claims.iss}|${claims.sub}`;
  return identity as Identity;
}
