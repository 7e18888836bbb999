// Dev sign-in and JWT verification: tokens from /dev-auth/token give
// functions an identity; anonymous clients get none; expired or forged
// tokens are refused (AuthError over sync, 401 over HTTP).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, devToken, newClient, newHttpClient, startBackend, waitFor, type RunningBackend } from "./helpers.js";

type Who = { subject: string; issuer: string; tokenIdentifier: string; name: string | null; email: string | null; emailVerified: boolean | null } | null;

let backend: RunningBackend;
let issuer: string;
beforeAll(async () => {
  backend = await startBackend();
  issuer = `${backend.url}/dev-auth`;
});
afterAll(async () => {
  await backend?.stop();
});

describe("dev sign-in", () => {
  it("publishes OIDC discovery and JWKS under the issuer", async () => {
    const config = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config.issuer).toBe(issuer);
    expect(config.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
    const jwks = (await (await fetch(config.jwks_uri)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it("issues an hour-long token", async () => {
    const { token, expiresAt } = await devToken(backend.url, { subject: "alice" });
    expect(token.split(".")).toHaveLength(3);
    expect(expiresAt - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);
    const bad = await fetch(`${issuer}/token`, { method: "POST", body: JSON.stringify({ name: "no subject" }) });
    expect(bad.status).toBe(400);
  });

  it("gives a signed-in ConvexClient the identity, and an anonymous one none", async () => {
    const { token } = await devToken(backend.url, { subject: "alice", name: "Alice Example", email: "alice@example.edu" });
    const signedIn = newClient(backend.url);
    const authChanges: boolean[] = [];
    signedIn.setAuth(async () => token, (isAuthenticated) => authChanges.push(isAuthenticated));
    const anonymous = newClient(backend.url);

    let who: Who | undefined;
    signedIn.onUpdate(api.messages.whoami, {}, (r: Who) => (who = r));
    await waitFor(() => who, "the signed-in identity");
    expect(who).toEqual({
      subject: "alice",
      issuer,
      tokenIdentifier: `${issuer}|alice`,
      name: "Alice Example",
      email: "alice@example.edu",
      // The dev provider vouches for the email it signs (the `email_verified` claim).
      emailVerified: true,
    });
    expect(authChanges).toEqual([true]);
    expect(await anonymous.query(api.messages.whoami, {})).toBeNull();

    // The identity reaches mutations too.
    await signedIn.mutation(api.messages.send, { body: "signed", author: "alice" });
    const list = (await signedIn.query(api.messages.list, {})) as { viewer: string | null };
    expect(list.viewer).toBe("alice");
    await signedIn.close();
    await anonymous.close();
  });

  it("refuses an expired token over sync: the client ends up signed out", async () => {
    const { token } = await devToken(backend.url, { subject: "bob", expiresInSeconds: -60 });
    const client = newClient(backend.url);
    const authChanges: boolean[] = [];
    client.setAuth(async () => token, (isAuthenticated) => authChanges.push(isAuthenticated));
    await waitFor(() => authChanges.includes(false), "the client to give up on the expired token");
    expect(authChanges).not.toContain(true);
    expect(await client.query(api.messages.whoami, {})).toBeNull();
    await client.close();
  });

  it("verifies tokens on the HTTP API", async () => {
    const { token } = await devToken(backend.url, { subject: "carol", email: "carol@example.edu" });
    const http = newHttpClient(backend.url);
    http.setAuth(token);
    expect(await http.query(api.messages.whoami, {})).toMatchObject({ subject: "carol", email: "carol@example.edu" });

    const expired = await devToken(backend.url, { subject: "carol", expiresInSeconds: -5 });
    http.setAuth(expired.token);
    await expect(http.query(api.messages.whoami, {})).rejects.toThrow(/expired|exp/i);

    // A token signed by someone else's key for the same issuer is refused.
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${Buffer.from("not a signature").toString("base64url")}`;
    http.setAuth(forged);
    await expect(http.query(api.messages.whoami, {})).rejects.toThrow(/signature|verify/i);

    http.clearAuth();
    expect(await http.query(api.messages.whoami, {})).toBeNull();
  });

  it("keeps the signing key across restarts", async () => {
    const { token } = await devToken(backend.url, { subject: "dave" });
    await backend.stop();
    backend = await startBackend({ dataDir: backend.dataDir });
    // New port, new issuer: the old token's issuer no longer matches, but the
    // key (kid) is the same.
    const oldKid = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()).kid as string;
    const jwks = (await (await fetch(`${backend.url}/dev-auth/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys[0].kid).toBe(oldKid);
  });
});
