/**
 * The backend's function references for the web app. The generated `api` is
 * re-exported loosely typed: the backend is generated from convex/ and the
 * feature hooks (the only callers) state the shapes they rely on, so the UI
 * keeps compiling while functions are added on the server.
 */
import { api as generatedApi } from "@convex/_generated/api";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const api: any = generatedApi;
