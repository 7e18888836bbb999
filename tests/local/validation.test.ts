// Argument and return validation worded as Convex words it, over HTTP and
// the sync protocol, against an app that has no package.json at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, appFunctions, newClient, newHttpClient, startBackend, type RunningBackend } from "./helpers.js";

let backend: RunningBackend;
let authorId: string;
beforeAll(async () => {
  backend = await startBackend({ functionsDir: appFunctions("validation") });
  authorId = (await newHttpClient(backend.url).mutation(api.posts.addAuthor, { name: "Ada" })) as string;
});
afterAll(async () => {
  await backend?.stop();
});

/** The error a client gets for a mutation, as text. */
async function mutationError(args: Record<string, unknown>): Promise<string> {
  return String(await newHttpClient(backend.url).mutation(api.posts.create, args).then(() => "no error", (e: Error) => e.message));
}

const CREATE_VALIDATOR =
  'v.object({authorId: v.id("authors"), meta: v.optional(v.object({pinned: v.boolean()})), tags: v.array(v.string()), title: v.string()})';

describe("argument validation", () => {
  it("names the path, the value and the validator of a wrong type", async () => {
    const message = await mutationError({ title: 5, authorId, tags: [] });
    expect(message).toMatch(/^\[Request ID: [0-9a-f]+\] Server Error\n/);
    expect(message).toContain("ArgumentValidationError: Value does not match validator.\nPath: .title\nValue: 5.0\nValidator: v.string()");
    expect(message).not.toContain("Uncaught");
  });

  it("follows arrays and nested objects", async () => {
    expect(await mutationError({ title: "t", authorId, tags: ["a", 3] })).toContain(
      "ArgumentValidationError: Value does not match validator.\nPath: .tags[1]\nValue: 3.0\nValidator: v.string()",
    );
    expect(await mutationError({ title: "t", authorId, tags: [], meta: { pinned: "yes" } })).toContain(
      'ArgumentValidationError: Value does not match validator.\nPath: .meta.pinned\nValue: "yes"\nValidator: v.boolean()',
    );
  });

  it("reports a missing and an extra field with the object and its validator", async () => {
    expect(await mutationError({ title: "x", tags: [] })).toContain(
      "ArgumentValidationError: Object is missing the required field `authorId`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n\n" +
        `Object: {tags: [], title: "x"}\nValidator: ${CREATE_VALIDATOR}`,
    );
    expect(await mutationError({ title: "x", tags: [], authorId, extra: true })).toContain(
      "ArgumentValidationError: Object contains extra field `extra` that is not in the validator.\n\n" +
        `Object: {authorId: "${authorId}", extra: true, tags: [], title: "x"}\nValidator: ${CREATE_VALIDATOR}`,
    );
  });

  it("refuses an id of another table", async () => {
    const postId = (await newHttpClient(backend.url).mutation(api.posts.create, { title: "first", authorId, tags: [] })) as string;
    expect(await mutationError({ title: "t", authorId: postId, tags: [] })).toContain(
      `ArgumentValidationError: Found ID "${postId}" from table \`posts\`, which does not match the table name in validator \`v.id("authors")\`.Path: .authorId`,
    );
  });

  it("reports unions of literals, and bad input changes nothing", async () => {
    const http = newHttpClient(backend.url);
    const before = await http.query(api.posts.count, {});
    const error = await http.query(api.posts.byStatus, { status: "archived" }).catch((e: Error) => e.message);
    expect(error).toContain(
      'ArgumentValidationError: Value does not match validator.\nPath: .status\nValue: "archived"\nValidator: v.union(v.literal("draft"), v.literal("published"))',
    );
    await mutationError({ title: 1, authorId, tags: [] });
    expect(await http.query(api.posts.count, {})).toBe(before);
  });

  it("words it the same over the sync protocol", async () => {
    const client = newClient(backend.url);
    const error = await client.mutation(api.posts.create, { title: "x", authorId, tags: [7] }).catch((e: Error) => e.message);
    expect(error).toContain("ArgumentValidationError: Value does not match validator.\nPath: .tags[0]\nValue: 7.0\nValidator: v.string()");
    await client.close();
  });

  it("is an uncaught error of the caller when a function passes bad arguments on", async () => {
    const error = await newHttpClient(backend.url).action(api.posts.callsWithBadArgs, {}).catch((e: Error) => e.message);
    expect(error).toContain('Uncaught Error: ArgumentValidationError: Value does not match validator.\nPath: .status\nValue: "archived"');
  });
});

describe("return validation", () => {
  it("reports a return value that does not match `returns`", async () => {
    const error = await newHttpClient(backend.url).query(api.posts.brokenReturn, {}).catch((e: Error) => e.message);
    expect(error).toContain('ReturnsValidationError: Value does not match validator.\nPath: .count\nValue: "three"\nValidator: v.float64()');
  });
});
