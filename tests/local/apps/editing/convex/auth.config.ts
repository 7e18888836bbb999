// Fixture copy of the app's env-driven auth config: the local dev issuer when
// WW_DEV_ISSUER is set, Clerk when CLERK_JWT_ISSUER_DOMAIN is set.
const providers: Array<Record<string, string>> = [];
if (process.env.CLERK_JWT_ISSUER_DOMAIN) {
  providers.push({ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" });
}
if (process.env.WW_DEV_ISSUER) {
  providers.push({
    type: "customJwt",
    issuer: process.env.WW_DEV_ISSUER,
    jwks: `${process.env.WW_DEV_ISSUER}/.well-known/jwks.json`,
    algorithm: "RS256",
    applicationID: "convex",
  });
}
export default { providers };
