/**
 * The feed endpoints (routed in convex/http.ts). An external system posts a
 * CSV or XLSX file, or JSON rows, with `Authorization: Bearer <key>`:
 *
 *   POST /api/imports?kind=staff[&year=<academic year id>][&commit=true]
 *     -> 202 { import_id, status_url }: the same dry run as the wizard; with
 *        commit=true the import commits itself when the dry run finds no errors.
 *   GET /api/imports/status?id=<import id>
 *     -> 200 { stage, counts, errors: [{ row, column, message }] }
 *
 * A missing, unknown or revoked key is 401 (it names no system, so nothing
 * is recorded). Any other refusal is recorded as a "refused" row in the
 * system's sync log and answered with its reason and that row's id: a kind
 * the key may not import or a disabled system is 403, a body that is no
 * importable file 400 or 415, an unknown year 404, a locked or archived year
 * 409. A file the dry run cannot read as a whole (unreadable, empty, too
 * large, without the columns its kind needs) is refused by the import itself.
 */
import Papa from "papaparse";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx } from "../_generated/server";
import { ConvexError } from "convex/values";
import { hashKey, systemDisabledMessage } from "./feeds";
import type { ImportKind } from "../schema/importValidators";

const KINDS = new Set(["staff", "modules", "allocations"]);

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

async function authenticate(ctx: ActionCtx, request: Request) {
  const header = request.headers.get("Authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) return null;
  return await ctx.runQuery(internal.imports.feeds.resolveKey, { keyHash: await hashKey(m[1]) });
}

/** The `{code, message}` of an app error thrown by a mutation the action ran (its data may arrive as JSON text). */
function appErrorData(e: unknown): { code: string; message: string } | null {
  if (!(e instanceof ConvexError)) return null;
  const data = typeof e.data === "string" ? (JSON.parse(e.data) as unknown) : e.data;
  const d = data as { code?: unknown; message?: unknown } | null;
  return d && typeof d.code === "string" && typeof d.message === "string" ? { code: d.code, message: d.message } : null;
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INVALID_ARGUMENT: 400, CONFLICT: 409 };

/** POST /api/imports (wrapped as an HTTP action in convex/http.ts, the one file that builds them). */
export async function postImport(ctx: ActionCtx, request: Request): Promise<Response> {
  const key = await authenticate(ctx, request);
  if (!key) return json(401, { error: "A valid API key is needed: Authorization: Bearer <key>." });
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind") ?? "";
  const known = KINDS.has(kind) ? (kind as ImportKind) : undefined;
  const sentName = url.searchParams.get("name");
  /** Answers a refusal, after recording it in the system's sync log. */
  const refuse = async (status: number, error: string, format?: "csv" | "xlsx") => {
    const importId = await ctx.runMutation(internal.imports.feeds.refuseFeed, {
      keyId: key.keyId,
      kind: known,
      fileName: sentName ?? `${key.systemName} ${known ?? "unknown"} feed${format ? `.${format}` : ""}`,
      format,
      message: error,
    });
    return json(status, { error, import_id: importId });
  };
  if (!key.enabled) return await refuse(403, systemDisabledMessage(key.systemName));
  if (!known) return await refuse(400, "Say what the file holds: ?kind=staff, modules or allocations.");
  if (!key.kinds.includes(known)) return await refuse(403, `This key may import ${key.kinds.join(", ")}, not ${kind}.`);
  const type = request.headers.get("Content-Type") ?? "";
  let blob: Blob;
  let format: "csv" | "xlsx";
  if (type.includes("application/json")) {
    let rows: unknown;
    try {
      rows = await request.json();
    } catch {
      return await refuse(400, "The body is not JSON.", "csv");
    }
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) {
      return await refuse(400, "JSON feeds are an array of objects, one per row, keyed by column.", "csv");
    }
    blob = new Blob([Papa.unparse(rows as Record<string, unknown>[])], { type: "text/csv" });
    format = "csv";
  } else if (type.includes("spreadsheetml")) {
    blob = new Blob([await request.arrayBuffer()], { type });
    format = "xlsx";
  } else if (type.startsWith("text/csv") || type.startsWith("text/plain")) {
    blob = new Blob([await request.arrayBuffer()], { type: "text/csv" });
    format = "csv";
  } else {
    return await refuse(415, "Send text/csv, an XLSX file or application/json.");
  }
  const storageId = await ctx.storage.store(blob);
  let started: { importId: Id<"data_sync_logs">; refusal: { code: string; message: string } | null };
  try {
    started = await ctx.runMutation(internal.imports.feeds.startFeed, {
      keyId: key.keyId,
      kind: known,
      academicYearId: url.searchParams.get("year") ?? undefined,
      storageId,
      fileName: sentName ?? `${key.systemName} ${kind} feed.${format}`,
      format,
      commit: url.searchParams.get("commit") === "true",
    });
  } catch (e) {
    await ctx.storage.delete(storageId);
    const data = appErrorData(e);
    if (data) return json(STATUS[data.code] ?? 400, { error: data.message });
    throw e;
  }
  if (started.refusal) {
    // Refused: the file is not kept, only the sync-log row saying why.
    await ctx.storage.delete(storageId);
    return json(STATUS[started.refusal.code] ?? 400, { error: started.refusal.message, import_id: started.importId });
  }
  return json(202, { import_id: started.importId, status_url: `${url.origin}/api/imports/status?id=${started.importId}` });
}

/** GET /api/imports/status. */
export async function importStatus(ctx: ActionCtx, request: Request): Promise<Response> {
  const key = await authenticate(ctx, request);
  if (!key) return json(401, { error: "A valid API key is needed: Authorization: Bearer <key>." });
  const id = new URL(request.url).searchParams.get("id");
  if (!id) return json(400, { error: "Name the import: ?id=<import id>." });
  let report;
  try {
    report = await ctx.runQuery(internal.imports.feeds.feedReport, { keyId: key.keyId, importId: id as Id<"data_sync_logs"> });
  } catch {
    report = null;
  }
  return report ? json(200, report) : json(404, { error: "No such import for this key's system." });
}
