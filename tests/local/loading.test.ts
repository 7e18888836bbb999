// Loading a functions folder as Convex does: always as ES modules (whatever
// package.json says), default exports of schema/http/crons working, and a
// folder Convex would refuse refused with Convex's message.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, appFunctions, newHttpClient, runUntilExit, startBackend, waitFor, type RunningBackend } from "./helpers.js";

describe("a CommonJS package's convex/ (package.json says \"type\": \"commonjs\")", () => {
  let backend: RunningBackend;
  beforeAll(async () => {
    expect(JSON.parse(readFileSync("tests/local/apps/loading/package.json", "utf8")).type).toBe("commonjs");
    backend = await startBackend({ functionsDir: appFunctions("loading") });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it("serves HTTP actions of the default-exported router, with a default-exported helper", async () => {
    const greet = await fetch(`${backend.siteUrl}/greet?name=Ada`);
    expect(greet.status).toBe(200);
    expect(await greet.text()).toBe("Hello, Ada!");
    const posted = await fetch(`${backend.siteUrl}/notes`, { method: "POST", body: "via http" });
    expect(posted.status).toBe(201);
    expect(await newHttpClient(backend.url).query(api.notes.bySource, { source: "http" })).toEqual(["via http"]);
  });

  it("enforces the default-exported schema, with Convex's wording", async () => {
    const error = await newHttpClient(backend.url).mutation(api.notes.addInvalid, {}).catch((e: Error) => e);
    expect(String(error)).toContain(
      'Failed to insert or update a document in table "notes" because it does not match the schema: Value does not match validator.\nPath: .text\nValue: 42.0\nValidator: v.string()',
    );
    expect(await newHttpClient(backend.url).query(api.notes.bySource, { source: "bad" })).toEqual([]);
  });

  it("runs the jobs of the default-exported crons", async () => {
    const http = newHttpClient(backend.url);
    await waitFor(async () => ((await http.query(api.notes.bySource, { source: "cron" })) as string[]).length >= 2, "two cron ticks", 10_000);
  });
});

describe("a folder Convex would refuse", () => {
  const cases: Array<[string, string]> = [
    ["node-query", "`latest` defined in `reports.js` is a Query function. Only actions can be defined in Node.js. See https://docs.convex.dev/functions/actions for more details."],
    ["http-no-default", "`convex/http.js` must have a default export of a Router."],
    ["schema-no-default", "Schema file missing default export. To learn more, see the schema documentation at https://docs.convex.dev/database/schemas."],
    ["node-api-in-v8", 'It looks like you are using Node APIs from a file without the "use node" directive.'],
  ];
  it.each(cases)("%s: refused with Convex's message, not a stack trace", async (app, message) => {
    const { code, output } = await runUntilExit(appFunctions(`refused/${app}`));
    expect(code).toBe(1);
    expect(output).toContain(message);
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});

it("tests the backend with apps whose package.json does not say \"type\": \"module\", and one with none", () => {
  const apps = readdirSync("tests/local/apps").flatMap((a) =>
    a === "refused" ? readdirSync("tests/local/apps/refused").map((r) => `refused/${r}`) : [a]);
  const withoutPackageJson = apps.filter((a) => !existsSync(`tests/local/apps/${a}/package.json`));
  expect(withoutPackageJson).toEqual(["validation"]);
  const packageJsons = [
    "tests/local/fixture/package.json",
    ...apps.filter((a) => !withoutPackageJson.includes(a)).map((a) => `tests/local/apps/${a}/package.json`),
  ];
  for (const file of packageJsons) expect(JSON.parse(readFileSync(file, "utf8")).type, file).not.toBe("module");
});
