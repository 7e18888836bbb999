/** Route: /import — the spreadsheet import wizard and the import history. */
import { ImportWizard } from "@/features/import/components/ImportWizard";

export function ImportPage() {
  return <ImportWizard />;
}
