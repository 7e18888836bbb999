// Node actions test app: trusts the local backend's dev sign-in issuer, so
// the tests can check that an action in the worker sees its caller.
export default {
  providers: process.env.WW_DEV_ISSUER
    ? [{ type: "customJwt", issuer: process.env.WW_DEV_ISSUER, jwks: `${process.env.WW_DEV_ISSUER}/.well-known/jwks.json`, algorithm: "RS256", applicationID: "convex" }]
    : [],
};
