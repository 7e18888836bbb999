/**
 * Every public function of convex/, found by loading each module and
 * keeping its registered public exports (no hand-kept list; the generated
 * `api` object cannot be listed), with the permission its builder declared
 * (lib/functions.ts `layerMeta`) and its argument validator as JSON.
 */
import { makeFunctionReference } from "convex/server";
import { layerMeta, type LayerMeta } from "../../../convex/lib/functions";

const modules = import.meta.glob("../../../convex/**/*.ts", { eager: true });

export type PublicFunction = {
  /** "structure/faculties:list" */
  name: string;
  module: string;
  exportName: string;
  type: "query" | "mutation" | "action";
  meta: LayerMeta;
  args: ValidatorJson;
  ref: any;
};

export type ValidatorJson = { type: string; value?: any; tableName?: string } & Record<string, any>;

export function publicFunctions(): PublicFunction[] {
  const out: PublicFunction[] = [];
  for (const [path, mod] of Object.entries(modules)) {
    if (path.includes("/_generated/")) continue;
    const module = path.replace(/^.*\/convex\//, "").replace(/\.ts$/, "");
    for (const [exportName, fn] of Object.entries(mod as Record<string, any>)) {
      if (!fn || typeof fn !== "function" || !fn.isPublic) continue;
      const type = fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action";
      const meta = layerMeta(fn);
      if (!meta) throw new Error(`${module}:${exportName} is public but not built with the function layer`);
      const name = `${module}:${exportName}`;
      out.push({ name, module, exportName, type, meta, args: JSON.parse(fn.exportArgs()), ref: makeFunctionReference(name as any) });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
