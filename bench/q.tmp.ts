import { LocalBackend } from "../local/server/server.js";
const backend = await LocalBackend.start({ functionsDir: "convex", dataDir: process.argv[2], port: 3350, sitePort: 3351, reset: false, watch: false, env: {}, log: () => {} });
const email = "admin@northbridge.ac.uk";
const identity = { subject: email, issuer: backend.issuer, tokenIdentifier: `${backend.issuer}|${email}`, email, name: email } as never;
const run = async (path: string, args: any) => { const r = await backend.engine.run(path.includes("accept") ? "mutation" : "query", path, args, { identity }); if (!r.success) throw new Error(r.errorMessage); return r; };
await run("organisations/membership:acceptInvitations", {});
const [m] = (await run("organisations/membership:mine", {})).value as any[];
const years = (await run("structure/academicYears:all", { organisationId: m.organisationId })).value as any[];
const filters = { organisationId: m.organisationId, academicYearId: years.find((y: any) => y.status === "active")._id };
for (const path of ["workload/dashboard:overview", "workload/dashboard:lecturers"]) {
  const times: number[] = [];
  let r: any;
  for (let i = 0; i < Number(process.argv[3] ?? 20); i++) { const t0 = performance.now(); r = await run(path, filters); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  console.log(path, "docs", r.stats.documents, "p50", times[times.length >> 1].toFixed(1), "min", times[0].toFixed(1));
}
await backend.stop();
process.exit(0);
