// The integrations page against the typed mock backend: systems with their
// keys (label, prefix, kinds, creator, last use, active or revoked) and sync
// log (who or which key, counts, stage, report link, an honest count of what
// is shown); adding a system with the form's and the server's refusals;
// creating a key that is shown once, organisation-wide or scoped to a
// department or a team, and the scope in the key list; revoking, and
// disabling or enabling a system, after a confirmation that says what
// follows; a refused feed's row with its whole reason.
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
    { id: fakeId("k2"), name: "nightly staff feed", prefix: "ww_Ab12Cd3", kinds: ["staff" as const], revoked: false, revoked_at: null, created_at: T0, created_by_name: "Alex Admin", last_used_at: T0 + 3_600_000, scope: { type: "team" as const, name: "Data", department_name: "Computing" } },
    { id: fakeId("k1"), name: "old feed", prefix: "ww_Zz99Yy8", kinds: ["staff" as const, "modules" as const], revoked: true, revoked_at: T0 - 1000, created_at: T0 - 86_400_000, created_by_name: null, last_used_at: null, scope: { type: "organisation" as const } },
  ],
};
const UPLOADS = { ...HR, id: fakeId("sys0"), name: "Spreadsheet uploads", kind: "spreadsheet" as const, takes_keys: false, feed_kinds: [] as ("staff" | "modules")[], keys: [] };

const REFUSAL = "Refused: the key \"nightly staff feed\" (ww_Ab12Cd3…) was revoked while this import ran; nothing was written.";
const COUNTS = { rows: 4, create: 3, update: 0, unchanged: 0, error: 1, written: 0, conflict: 0 };
const LOG = {
  page: [
    { id: fakeId("log2"), started_at: T0 + 3_600_000, finished_at: null, actor: { type: "key" as const, name: "nightly staff feed", prefix: "ww_Ab12Cd3" }, kind: "staff" as const, stage: "checked" as const, status: "pending" as const, file_name: "SAP HR staff feed.csv", counts: COUNTS, message: "Dry run: 4 rows, 3 to create, 0 to update, 0 unchanged, 1 with errors.", has_report: true },
    { id: fakeId("log1"), started_at: T0, finished_at: T0 + 5000, actor: { type: "user" as const, name: "Priya Planner" }, kind: "staff" as const, stage: "committed" as const, status: "completed" as const, file_name: "staff.csv", counts: { ...COUNTS, error: 0, written: 4 }, message: null, has_report: false },
  ],
  isDone: false,
  continueCursor: "c1",
};
const ZERO = { rows: 0, create: 0, update: 0, unchanged: 0, error: 0, written: 0, conflict: 0 };
const REFUSED = {
  id: fakeId("log3"),
  started_at: T0 + 7_200_000,
  finished_at: T0 + 7_200_000,
  actor: { type: "key" as const, name: "nightly staff feed", prefix: "ww_Ab12Cd3" },
  kind: "staff" as const,
  stage: "refused" as const,
  status: "failed" as const,
  file_name: "SAP HR staff feed.csv",
  counts: ZERO,
  message: REFUSAL,
  has_report: false,
};

function renderPage() {
  return renderWithWorkspace(<IntegrationsManager />, { permissions: grant("organisation.manage", "lecturers.edit") });
}

beforeEach(() => {
  resetBackend(backend);
  setQuery(backend, api.structure.faculties.all, [{ _id: fakeId("f1"), _creationTime: 0, organisation_id: fakeId("org1"), created_at: 0, updated_at: 0, name: "Science", code: "FS" }]);
  setQuery(backend, api.structure.departments.all, [
    { _id: fakeId("d1"), _creationTime: 0, organisation_id: fakeId("org1"), created_at: 0, updated_at: 0, name: "Computing", code: "CS", faculty_id: fakeId("f1") },
  ]);
  setQuery(backend, api.structure.teams.all, [
    { _id: fakeId("t1"), _creationTime: 0, organisation_id: fakeId("org1"), created_at: 0, updated_at: 0, name: "Data", department_id: fakeId("d1") },
  ]);
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
    // Where each key acts.
    expect(within(keys).getAllByRole("columnheader").map((c) => c.textContent)).toEqual(["Key", "May import", "Acts in", "Created", "Last used", "Status", "Actions"]);
    expect(within(active).getByTestId("key-scope")).toHaveTextContent("Datateam of Computing");
    expect(within(revoked).getByTestId("key-scope")).toHaveTextContent("The whole organisation");
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
    expect(createKey.mock.calls[0]).toEqual([expect.objectContaining({ departmentId: undefined, teamId: undefined })]);
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

  test("a key scoped to a team or a department: the dialog offers each department and its teams, says what it means, and sends the scope", async () => {
    const createKey = vi.fn(async () => ({ keyId: fakeId<"api_keys">("k3"), key: "ww_SCOPED-once", prefix: "ww_SCOPED-" }));
    onAction(backend, api.imports.feeds.createKey, createKey);
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "New API key for SAP HR" }));
    const dialog = screen.getByRole("dialog", { name: "New API key for SAP HR" });
    const where = within(dialog).getByLabelText("Where it acts");
    expect(within(where).getAllByRole("option").map((o) => o.textContent)).toEqual(["The whole organisation", "Computing (department)", "Computing › Data (team)"]);
    expect(within(dialog).getByTestId("key-scope-help")).toHaveTextContent("The key imports rows of every department");
    await userEvent.type(within(dialog).getByLabelText("What uses it"), "data team feed");
    await userEvent.click(within(dialog).getByLabelText("Lecturers (profiles and year records)"));
    await userEvent.selectOptions(where, "team:t1");
    expect(within(dialog).getByTestId("key-scope-help")).toHaveTextContent("Only rows of Computing › Data are imported; rows elsewhere are refused");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    const reveal = await screen.findByRole("dialog", { name: "Your new API key" });
    expect(reveal).toHaveTextContent("For SAP HR: data team feed, acting in Computing › Data (team)");
    expect(createKey).toHaveBeenCalledWith({ organisationId: "org1", externalSystemId: "sys1", name: "data team feed", kinds: ["staff"], departmentId: undefined, teamId: "t1" });
    await userEvent.click(within(reveal).getByRole("button", { name: "I have stored it safely" }));

    // A department, and the server's refusal when the creator lacks it there.
    createKey.mockRejectedValueOnce(new ConvexError({ code: "FORBIDDEN", message: "A key cannot hold more than you do: you lack lecturers.edit in that department." }));
    await userEvent.click(screen.getByRole("button", { name: "New API key for SAP HR" }));
    const again = screen.getByRole("dialog", { name: "New API key for SAP HR" });
    await userEvent.type(within(again).getByLabelText("What uses it"), "computing feed");
    await userEvent.click(within(again).getByLabelText("Lecturers (profiles and year records)"));
    await userEvent.selectOptions(within(again).getByLabelText("Where it acts"), "department:d1");
    await userEvent.click(within(again).getByRole("button", { name: "Create key" }));
    expect(await within(again).findByRole("alert")).toHaveTextContent("you lack lecturers.edit in that department");
    expect(createKey).toHaveBeenLastCalledWith(expect.objectContaining({ departmentId: "d1", teamId: undefined }));
  });

  test("disabling a system asks first, says its feeds will be refused until it is enabled again, and a disabled one offers Enable", async () => {
    const setEnabled = vi.fn(async () => null);
    onMutation(backend, api.imports.feeds.setSystemEnabled, setEnabled);
    renderPage();
    // The uploads are not a feed: nothing to disable.
    expect(screen.queryByRole("button", { name: "Disable Spreadsheet uploads" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Disable SAP HR" }));
    const dialog = screen.getByRole("dialog", { name: "Disable SAP HR?" });
    expect(dialog).toHaveTextContent("Feeds from SAP HR will be refused until it is enabled again");
    expect(dialog).toHaveTextContent("Its active key is kept");
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep it enabled" }));
    expect(setEnabled).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Disable SAP HR" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Disable SAP HR?" })).getByRole("button", { name: "Disable SAP HR" }));
    await waitFor(() => expect(setEnabled).toHaveBeenCalledWith({ organisationId: "org1", externalSystemId: "sys1", enabled: false }));
  });

  test("a disabled system is marked, says its feeds are refused, and is enabled again after a confirmation", async () => {
    const setEnabled = vi.fn(async () => null);
    onMutation(backend, api.imports.feeds.setSystemEnabled, setEnabled);
    setQuery(backend, api.imports.feeds.listSystems, [UPLOADS, { ...HR, enabled: false }]);
    renderPage();
    expect(screen.getByText("Disabled")).toBeInTheDocument();
    expect(screen.getByTestId("system-disabled")).toHaveTextContent("SAP HR is disabled: its feeds are refused, each listed in the sync log below, until it is enabled again.");
    await userEvent.click(screen.getByRole("button", { name: "Enable SAP HR" }));
    const dialog = screen.getByRole("dialog", { name: "Enable SAP HR?" });
    expect(dialog).toHaveTextContent("Feeds from SAP HR will be accepted again, from its active key.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Enable SAP HR" }));
    await waitFor(() => expect(setEnabled).toHaveBeenCalledWith({ organisationId: "org1", externalSystemId: "sys1", enabled: true }));
  });

  test("a refused feed's row says Refused, names the key, and shows the whole reason, with no report to open", () => {
    setQuery(backend, api.imports.feeds.syncLog, { ...LOG, page: [REFUSED, ...LOG.page] });
    renderPage();
    const log = screen.getAllByRole("table", { name: "Sync log of SAP HR" })[0];
    const refused = within(log).getAllByRole("row")[1];
    expect(refused).toHaveTextContent("Refused");
    expect(refused).toHaveTextContent("Key nightly staff feed");
    expect(refused).toHaveTextContent("ww_Ab12Cd3…");
    expect(refused).toHaveTextContent(formatDateTime(T0 + 7_200_000));
    const reason = within(refused).getByText(REFUSAL);
    // Wrapped in full, never cut with an ellipsis.
    expect(reason.className).not.toContain("truncate");
    expect(reason.className).toContain("whitespace-normal");
    expect(within(refused).queryByRole("link", { name: "Open report" })).toBeNull();
  });
});
