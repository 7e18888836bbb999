/**
 * The backend's function references for the web app: the generated, typed
 * `api`. Arguments are checked against each function's validators at compile
 * time (names, shapes, `Id<"table">`s). The UI holds row ids as plain
 * strings; feature hooks, the only callers, turn them into typed ids with
 * `toId` (lib/toId.ts) where they call the backend.
 */
export { api } from "@convex/_generated/api";
