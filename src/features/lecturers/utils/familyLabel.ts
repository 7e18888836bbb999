/** A contract family's label from its code. */
import { contractFamilies } from "./contractFamilies";

export function familyLabel(code: string): string {
  return contractFamilies.find((f) => f.value === code)?.label ?? code;
}
