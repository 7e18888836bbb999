/**
 * Who may sign in: identity providers whose JWTs Convex accepts (ctx.auth).
 *
 * Both come from the deployment's environment, so the same file serves every
 * environment:
 *  - Clerk, when CLERK_JWT_ISSUER_DOMAIN is set (production, or local runs
 *    that want real accounts). Its JWT template must be named "convex".
 *  - The local dev identity provider, when WW_DEV_ISSUER is set. Only the
 *    local backend (local/) sets it, to http://127.0.0.1:<port>/dev-auth; a
 *    Convex deployment never has it, so dev tokens are worthless there.
 */
type Provider =
  | { domain: string; applicationID: string }
  | { type: "customJwt"; issuer: string; jwks: string; algorithm: "RS256"; applicationID: string };

const providers: Provider[] = [];

const clerkIssuer = process.env.CLERK_JWT_ISSUER_DOMAIN;
if (clerkIssuer) providers.push({ domain: clerkIssuer, applicationID: "convex" });

const devIssuer = process.env.WW_DEV_ISSUER;
if (devIssuer) {
  providers.push({
    type: "customJwt",
    issuer: devIssuer,
    jwks: `${devIssuer}/.well-known/jwks.json`,
    algorithm: "RS256",
    applicationID: "convex",
  });
}

export default { providers };
