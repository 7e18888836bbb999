/**
 * A zod number field checked against a range of `@convex/lib/inputRanges`,
 * with the server's own message, so a form refuses exactly what the server
 * refuses.
 */
import { z } from "zod";
import { rangeProblem, type NumberRange } from "@convex/lib/inputRanges";

export function zodInRange(range: NumberRange) {
  return z.coerce.number({ message: "Enter a number." }).superRefine((value, ctx) => {
    const problem = rangeProblem(value, range);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}
