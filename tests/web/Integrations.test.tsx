// The integrations page against the typed mock backend: systems with their
// keys (label, prefix, kinds, creator, last use, active or revoked) and sync
// log (who or which key, counts, stage, report link, an honest count of what
// is shown); adding a system with the form's and the server's refusals;
// creating a key that is shown once; revoking after a confirmation that says
// what follows.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "@convex/_generated/api";
import { IntegrationsManager } from "@/features/integrations/components/IntegrationsManager";
import { formatDateTime } from "@/lib/formatDateTime";
import { fakeId, onAction, onMutation, resetBackend, setQuery, type MockBackend } from "./mockBackend";
import { grant, renderWithWorkspace } from "./renderWithWorkspace";

const backend = vi.hoisted(() => ({ data: new Map(), mutations: new Map(), calls: [] }) as MockBackend);
vi.mock("convex/react", async () => (await import("./mockBackend")).convexReactMock(backend));

const T0 = Date.UTC(2026, 10, 20, 9, 30);

const HR = {
  id: fakeId("sys1"),
  name: "SAP HR",
  kind: "hr_feed" as const,
  enabled: true,
  takes_keys: true,
  feed_kinds: ["staff" as const, "modules" as const],
  created_at: T0,
  last_sync_at: null,
  keys: [
    { id: fakeId("k2"), name: "nightly staff feed", prefix: "ww_Ab12Cd3", kinds: ["staff" as const], revoked: false, revoked_at: null, created_at: T0, created_by_name: "Alex Admin", last_used_at: T0 + 3_600_000 },
    { id: fakeId("k1"), name: "old feed", prefix: "ww_Zz99Yy8", kinds: ["staff" as const, "modules" as const], revoked: true, revoked_at: T0 - 1000, created_at: T0 - 86_400_000, created_by_name: null, last_used_at: null },
  ],
};
const UPLOADS = { ...HR, id: fakeId("sys0"), name: "Spreadsheet uploads", kind: "spreadsheet" as const, takes_keys: false, feed_kinds: [] as ("staff" | "modules")[], keys: [] };

const COUNTS = { rows: 4, create: 3, update: 0, unchanged: 0, error: 1, written: 0, conflict: 0 };
const LOG = {
  page: [
    { id: fakeId("log2"), started_at: T0 + 3_600_000, finished_at: null, actor: { type: "key" as const, name: "nightly staff feed", prefix: "ww_Ab12Cd3" }, kind: "staff" as const, stage: "checked" as const, status: "pending" as const, file_name: "SAP HR staff feed.csv", counts: COUNTS, message: "Dry run: 4 rows, 3 to create, 0 to update, 0 unchanged, 1 with errors.", has_report: true },
    { id: fakeId("log1"), started_at: T0, finished_at: T0 + 5000, actor: { type: "user" as const, name: "Priya Planner" }, kind: "staff" as const, stage: "committed" as const, status: "completed" as const, file_name: "staff.csv", counts: { ...COUNTS, error: 0, written: 4 }, message: null, has_report: false },
  ],
  isDone: false,
  continueCursor: "c1",
};

function renderPage() {
  return renderWithWorkspace(<IntegrationsManager />, { permissions: grant("organisation.manage", "lecturers.edit") });
}

beforeEach(() => {
  resetBackend(backend);
  setQuery(backend, api.imports.feeds.listSystems, [UPLOADS, HR]);
  setQuery(backend, api.imports.feeds.syncLog, LOG);
});

describe("integrations page", () => {
  test("lists each system's keys and sync log, says how much of the log is shown, and links to the import's report", async () => {
    renderPage();
    const keys = screen.getByRole("table", { name: "API keys of SAP HR" });
    const [, active, revoked] = within(keys).getAllByRole("row");
    expect(active).toHaveTextContent("nightly staff feed");
    expect(active).toHaveTextContent("ww_Ab12Cd3…");
    expect(active).toHaveTextContent("Lecturers");
    expect(active).toHaveTextContent("by Alex Admin");
    expect(active).toHaveTextContent(formatDateTime(T0));
    expect(within(active).getByText("Active")).toBeInTheDocument();
    expect(revoked).toHaveTextContent("Lecturers");
    expect(revoked).toHaveTextContent("Modules");
    expect(revoked).toHaveTextContent("Never");
    expect(within(revoked).getByText("Revoked")).toBeInTheDocument();
    expect(within(revoked).queryByRole("button", { name: /Revoke/ })).toBeNull();

    const log = screen.getByRole("table", { name: "Sync log of SAP HR" });
    const [header, feed, upload] = within(log).getAllByRole("row");
    expect(within(header).getAllByRole("columnheader").map((c) => c.textContent)).toEqual(["When", "By", "What", "Created", "Updated", "Unchanged", "Errors", "Status", "Report"]);
    expect(within(feed).getAllByRole("cell").slice(3, 7).map((c) => c.textContent)).toEqual(["3", "0", "0", "1"]);
    expect(feed).toHaveTextContent("Key nightly staff feed");
    expect(feed).toHaveTextContent("Checked, awaiting commit");
    expect(within(feed).getByRole("link", { name: "Open report" })).toHaveAttribute("href", "/import?import=log2");
    expect(upload).toHaveTextContent("Priya Planner");
    expect(upload).toHaveTextContent("Committed");
    expect(within(upload).queryByRole("link")).toBeNull();
    // Two systems, two logs; each says the list is cut and offers older entries.
    expect(screen.getAllByTestId("sync-log-count")[0]).toHaveTextContent("Showing the latest 2 entries; older ones exist.");
    await userEvent.click(screen.getAllByRole("button", { name: "Show older" })[0]);
    expect(backend.calls.some((c) => c.name === "imports/feeds:syncLog#loadMore")).toBe(true);
    // The uploads system takes no keys.
    expect(screen.queryByRole("button", { name: "New API key for Spreadsheet uploads" })).toBeNull();
    expect(screen.getByText("Files people upload on the Import page. They need no key.")).toBeInTheDocument();
  });

  test("a finished log says it shows everything", () => {
    setQuery(backend, api.imports.feeds.syncLog, { ...LOG, isDone: true });
    renderPage();
    expect(screen.getAllByTestId("sync-log-count")[0]).toHaveTextContent("All 2 entries shown.");
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
  });

  test("adding a system: the form refuses an empty name and no kind, then shows the server's refusal", async () => {
    const create = vi.fn(async () => {
      throw new ConvexError({ code: "CONFLICT", message: 'There is already an external system called "SAP HR": give this one another name.' });
    });
    onMutation(backend, api.imports.feeds.createSystem, create);
    renderPage();
    const form = screen.getByRole("form", { name: "New external system" });
    await userEvent.click(within(form).getByRole("button", { name: "Add system" }));
    expect(await within(form).findByText("Give the system a name (e.g. the product people know it by).")).toBeInTheDocument();
    expect(within(form).getByText("Choose what kind of system it is.")).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
    await userEvent.type(within(form).getByLabelText("Name"), "SAP HR");
    await userEvent.selectOptions(within(form).getByLabelText("Kind"), "hr_feed");
    await userEvent.click(within(form).getByRole("button", { name: "Add system" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent('There is already an external system called "SAP HR"');
    expect(create).toHaveBeenCalledWith({ organisationId: "org1", name: "SAP HR", kind: "hr_feed" });
  });

  test("a new key needs a name and kinds, is shown once with a copy button, and is gone when the dialog closes", async () => {
    const createKey = vi.fn(async () => ({ keyId: fakeId<"api_keys">("k3"), key: "ww_SECRET-once-only", prefix: "ww_SECRET-" }));
    onAction(backend, api.imports.feeds.createKey, createKey);
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "New API key for SAP HR" }));
    const dialog = screen.getByRole("dialog", { name: "New API key for SAP HR" });
    expect(within(dialog).queryByLabelText(/Allocations/)).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    expect(within(dialog).getByText("Say what will use the key (e.g. “nightly staff feed”).")).toBeInTheDocument();
    expect(within(dialog).getByText("Choose at least one kind of import the key may run.")).toBeInTheDocument();
    expect(createKey).not.toHaveBeenCalled();

    await userEvent.type(within(dialog).getByLabelText("What uses it"), "timetable sync");
    await userEvent.click(within(dialog).getByLabelText("Modules, iterations and groups"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    const reveal = await screen.findByRole("dialog", { name: "Your new API key" });
    expect(createKey).toHaveBeenCalledWith({ organisationId: "org1", externalSystemId: "sys1", name: "timetable sync", kinds: ["modules"] });
    expect(within(reveal).getByTestId("new-api-key")).toHaveValue("ww_SECRET-once-only");
    expect(within(reveal).getByText("Copy this key now: you will not see it again.")).toBeInTheDocument();
    await userEvent.click(within(reveal).getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith("ww_SECRET-once-only");
    expect(within(reveal).getByRole("button", { name: "Copied" })).toBeInTheDocument();
    await userEvent.click(within(reveal).getByRole("button", { name: "I have stored it safely" }));
    await waitFor(() => expect(screen.queryByText("ww_SECRET-once-only")).toBeNull());
    expect(screen.queryByDisplayValue("ww_SECRET-once-only")).toBeNull();
  });

  test("revoking asks first, says feeds will be refused, and revokes only on confirmation", async () => {
    const revoke = vi.fn(async () => null);
    onMutation(backend, api.imports.feeds.revokeKey, revoke);
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "Revoke nightly staff feed" }));
    const dialog = screen.getByRole("dialog", { name: "Revoke this API key?" });
    expect(dialog).toHaveTextContent("Feeds using this key will be refused from now on");
    expect(dialog).toHaveTextContent("ww_Ab12Cd3…");
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep it" }));
    expect(revoke).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Revoke nightly staff feed" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Revoke this API key?" })).getByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(revoke).toHaveBeenCalledWith({ organisationId: "org1", keyId: "k2" }));
  });
});
