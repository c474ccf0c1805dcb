// The requests view against a fake IPC: lists, adds, triages (accept with a task link, reject,
// mark duplicate, defer), marks listed requests duplicates, filters by status, moves along the
// workflow, deletes, and shows the core's refusals.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RequestView, TaskView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { RequestsView } from "./RequestsView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function request(id: string, fields: Partial<RequestView> = {}): RequestView {
  return {
    id,
    title: `Request ${id}`,
    description: "",
    requester: "Dana",
    received: "2025-03-01",
    priority: "normal",
    status: "new",
    duplicate_of: null,
    response: "",
    responded_at: null,
    responded_by: null,
    tasks: [],
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as RequestView;
}

function task(id: string, title: string): TaskView {
  return { id, title, deleted: false } as TaskView;
}

function row(id: string): HTMLElement {
  const found = screen.getAllByTestId("request-row").find((r) => r.dataset.requestId === id);
  if (!found) throw new Error(`no row for request ${id}`);
  return found;
}

/** The labels of the open picker's options (the native selects' options are not among them). */
async function pickerOptions(): Promise<(string | null)[]> {
  const listbox = await screen.findByRole("listbox");
  return within(listbox)
    .getAllByRole("option")
    .map((o) => o.textContent);
}

const executed = { summary: "ok", created: null, changed: true };

// Whole user flows through Mantine inputs take seconds in jsdom when the suite runs in parallel.
describe("RequestsView", { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.tasks.mockResolvedValue([task("t1", "Build export")]);
  });

  it("lists requests with requester, status and linked tasks", async () => {
    fakeIpc.views.requests.mockResolvedValue([
      request("r1", { title: "CSV export", status: "accepted", tasks: ["t1"] }),
      request("r2", { title: "Dark mode", status: "rejected", requester: "Eli" }),
    ]);
    renderWithMantine(<RequestsView projectId="p1" />);

    await waitFor(() => expect(screen.getAllByTestId("request-row")).toHaveLength(2));
    expect(within(row("r1")).getByTestId("request-status")).toHaveTextContent("Accepted");
    expect(within(row("r1")).getByText("Build export")).toBeInTheDocument();
    expect(within(row("r2")).getByText("Eli")).toBeInTheDocument();
    expect(screen.getByText("Nothing left to triage.")).toBeInTheDocument();
    expect(fakeIpc.views.requests).toHaveBeenCalledWith("p1");
  });

  it("says how to add the first request", async () => {
    fakeIpc.views.requests.mockResolvedValue([]);
    renderWithMantine(<RequestsView projectId="p1" />);
    expect(await screen.findByText(/No client requests yet/)).toBeInTheDocument();
  });

  it("adds a request with who asked and its priority", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "r9" });
    renderWithMantine(<RequestsView projectId="p1" />);
    await screen.findByText(/No client requests yet/);

    expect(screen.getByTestId("add-request")).toBeDisabled();
    await user.type(screen.getByTestId("new-request-title"), " Weekly report ");
    await user.type(screen.getByTestId("new-request-requester"), "Dana");
    await user.selectOptions(screen.getByTestId("new-request-priority"), "high");
    await user.click(screen.getByTestId("add-request"));

    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "request",
      command: { action: "add", title: "Weekly report", requester: "Dana", priority: "high" },
    });
    await waitFor(() => expect(screen.getByTestId("new-request-title")).toHaveValue(""));
  });

  it("keeps the input and shows the core's message when adding fails", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([]);
    fakeIpc.execute.mockRejectedValue(new Error("title is too long (301 characters, at most 300)"));
    renderWithMantine(<RequestsView projectId="p1" />);
    await screen.findByText(/No client requests yet/);

    await user.type(screen.getByTestId("new-request-title"), "Something");
    await user.type(screen.getByTestId("new-request-requester"), "Dana{Enter}");
    expect(await screen.findByText(/title is too long/)).toBeInTheDocument();
    expect(screen.getByTestId("new-request-title")).toHaveValue("Something");
  });

  it("triages the most urgent new request first, accepting it with a task and a response", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([
      request("r1", { title: "Old and normal" }),
      request("r2", { title: "Urgent one", priority: "urgent" }),
    ]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RequestsView projectId="p1" />);

    const panel = await screen.findByTestId("triage-panel");
    expect(within(panel).getByTestId("triage-title")).toHaveTextContent("Urgent one");
    expect(within(panel).getByText("1 of 2 to triage")).toBeInTheDocument();

    await user.click(within(panel).getByRole("textbox", { name: /Link a task/ }));
    await user.click(await screen.findByRole("option", { name: "Build export" }));
    await user.type(within(panel).getByTestId("triage-response"), "On it");
    await user.click(screen.getByTestId("triage-accept"));

    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(2));
    expect(fakeIpc.execute.mock.calls).toEqual([
      ["p1", { area: "request", command: { action: "triage", id: "r2", status: "accepted", response: "On it" } }],
      ["p1", { area: "request", command: { action: "link_task", id: "r2", task: "t1" } }],
    ]);
  });

  it("rejects, and defers to the next request", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([request("r1", { title: "First" }), request("r2", { title: "Second", received: "2025-03-02" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RequestsView projectId="p1" />);

    expect(await screen.findByTestId("triage-title")).toHaveTextContent("First");
    await user.click(screen.getByTestId("triage-defer"));
    expect(screen.getByTestId("triage-title")).toHaveTextContent("Second");
    await user.click(screen.getByTestId("triage-reject"));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "request",
      command: { action: "triage", id: "r2", status: "rejected" },
    });

    // The core's answer arrives as a change event; the rejected request leaves the queue.
    fakeIpc.views.requests.mockResolvedValue([request("r1", { title: "First" }), request("r2", { title: "Second", status: "rejected" })]);
    act(() => emit.projectChanged("p1", [{ kind: "request", id: "r2" }]));
    await waitFor(() => expect(screen.getByText("1 of 1 to triage")).toBeInTheDocument());
    expect(screen.getByTestId("triage-title")).toHaveTextContent("First");
  });

  it("shows the core's refusal of a triage and keeps the response", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([request("r1")]);
    fakeIpc.execute.mockRejectedValue(new Error("request 'Request r1' is already accepted"));
    renderWithMantine(<RequestsView projectId="p1" />);

    await user.type(await screen.findByTestId("triage-response"), "Thanks");
    await user.click(screen.getByTestId("triage-accept"));
    expect(await screen.findByText("request 'Request r1' is already accepted")).toBeInTheDocument();
    expect(screen.getByTestId("triage-response")).toHaveValue("Thanks");
  });

  it("marks the request in triage as a duplicate of another one and names the original on its row", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([
      request("r1", { title: "Export to CSV", received: "2025-03-01" }),
      request("r2", { title: "CSV export", status: "accepted" }),
      request("r3", { title: "Gone", deleted: true }),
    ]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RequestsView projectId="p1" />);

    const panel = await screen.findByTestId("triage-panel");
    expect(within(panel).getByTestId("triage-title")).toHaveTextContent("Export to CSV");
    expect(within(panel).getByTestId("triage-duplicate")).toBeDisabled();
    await user.click(within(panel).getByRole("textbox", { name: /Duplicate of/ }));
    // Neither the request itself nor a deleted one is offered.
    expect(await pickerOptions()).toEqual(["CSV export (Accepted)"]);
    await user.click(screen.getByRole("option", { name: "CSV export (Accepted)" }));
    await user.type(within(panel).getByTestId("triage-response"), "Already planned");
    await user.click(within(panel).getByTestId("triage-duplicate"));

    expect(fakeIpc.execute).toHaveBeenCalledTimes(1);
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "request",
      command: { action: "triage", id: "r1", status: "duplicate", duplicate_of: "r2", response: "Already planned" },
    });

    fakeIpc.views.requests.mockResolvedValue([
      request("r1", { title: "Export to CSV", status: "duplicate", duplicate_of: "r2", response: "Already planned" }),
      request("r2", { title: "CSV export", status: "accepted" }),
    ]);
    act(() => emit.projectChanged("p1", [{ kind: "request", id: "r1" }]));
    await waitFor(() => expect(within(row("r1")).getByTestId("request-duplicate-of")).toHaveTextContent("Duplicate of CSV export"));
    expect(within(row("r1")).getByTestId("request-status")).toHaveTextContent("Duplicate");
    expect(within(row("r2")).queryByTestId("request-duplicate-of")).not.toBeInTheDocument();
    expect(screen.queryByTestId("triage-panel")).not.toBeInTheDocument();
  });

  it("points a listed duplicate at another original, showing the core's refusal in the dialog", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([
      request("r1", { title: "Weekly report", status: "accepted" }),
      request("r2", { title: "Report each week", status: "duplicate", duplicate_of: "r1" }),
      request("r3", { title: "Reports", status: "accepted" }),
      request("r4", { title: "Report again", status: "duplicate", duplicate_of: "r2" }),
    ]);
    const refusal = "request 'Reports' is already marked as a duplicate of 'Report each week'; reopen it first";
    fakeIpc.execute.mockRejectedValueOnce(new Error(refusal)).mockResolvedValue(executed);
    renderWithMantine(<RequestsView projectId="p1" />);
    await screen.findAllByTestId("request-row");
    expect(within(row("r2")).getByTestId("request-duplicate-of")).toHaveTextContent("Duplicate of Weekly report");

    // Only new requests and duplicates can be marked; an accepted one is not offered the move.
    await user.click(screen.getByRole("button", { name: "Actions for Weekly report" }));
    expect(await screen.findByRole("menuitem", { name: "Start work" })).toBeInTheDocument();
    expect(screen.queryByTestId("request-mark-duplicate")).not.toBeInTheDocument();
    await user.keyboard("{Escape}");

    await user.click(screen.getByRole("button", { name: "Actions for Report each week" }));
    await user.click(await screen.findByTestId("request-mark-duplicate"));
    const dialog = within(await screen.findByRole("dialog"));
    // The current original is picked, so saving needs a different one.
    expect(dialog.getByTestId("save-duplicate-of")).toBeDisabled();
    await user.click(dialog.getByRole("textbox", { name: "Duplicate of" }));
    // Not itself, and not r4, which is already a duplicate of it.
    expect(await pickerOptions()).toEqual(["Weekly report (Accepted)", "Reports (Accepted)"]);
    await user.click(screen.getByRole("option", { name: "Reports (Accepted)" }));
    await user.click(dialog.getByTestId("save-duplicate-of"));

    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "request",
      command: { action: "triage", id: "r2", status: "duplicate", duplicate_of: "r3" },
    });
    expect(await dialog.findByText(refusal)).toBeInTheDocument();
    // The refusal is shown once, in the dialog, and the choice is kept to try again.
    expect(screen.getAllByText(refusal)).toHaveLength(1);
    await user.click(dialog.getByTestId("save-duplicate-of"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(fakeIpc.execute).toHaveBeenCalledTimes(2);
  });

  it("filters by status and moves a request along its workflow", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([
      request("r1", { title: "Accepted one", status: "accepted" }),
      request("r2", { title: "Done one", status: "done" }),
      request("r3", { title: "Gone", deleted: true }),
    ]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RequestsView projectId="p1" />);
    await waitFor(() => expect(screen.getAllByTestId("request-row")).toHaveLength(2));

    await user.selectOptions(screen.getByTestId("request-status-filter"), "done");
    expect(screen.getAllByTestId("request-row").map((r) => r.dataset.requestId)).toEqual(["r2"]);
    await user.selectOptions(screen.getByTestId("request-status-filter"), "deleted");
    expect(screen.getAllByTestId("request-row").map((r) => r.dataset.requestId)).toEqual(["r3"]);
    await user.click(within(row("r3")).getByRole("button", { name: "Restore" }));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "item",
      command: { action: "restore", kind: "request", id: "r3" },
    });

    await user.selectOptions(screen.getByTestId("request-status-filter"), "all");
    await user.click(within(row("r1")).getByRole("button", { name: "Actions for Accepted one" }));
    await user.click(await screen.findByRole("menuitem", { name: "Start work" }));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "request",
      command: { action: "triage", id: "r1", status: "in_progress" },
    });

    await user.selectOptions(screen.getByLabelText("Priority of Done one"), "urgent");
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "request",
      command: { action: "update", id: "r2", patch: { priority: "urgent" } },
    });
  });

  it("edits and deletes a request", async () => {
    const user = userEvent.setup();
    fakeIpc.views.requests.mockResolvedValue([request("r1", { title: "Typo", status: "accepted" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RequestsView projectId="p1" />);
    await screen.findAllByTestId("request-row");

    await user.click(screen.getByRole("button", { name: "Actions for Typo" }));
    await user.click(await screen.findByRole("menuitem", { name: "Edit…" }));
    const title = await screen.findByTestId("edit-request-title");
    await user.clear(title);
    await user.type(title, "Fixed");
    await user.click(screen.getByTestId("save-request"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "request",
      command: { action: "update", id: "r1", patch: { title: "Fixed" } },
    });
    await waitFor(() => expect(screen.queryByTestId("edit-request-title")).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: "Actions for Typo" }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete" }));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "item",
      command: { action: "delete", kind: "request", id: "r1" },
    });
  });

  it("shows why the requests cannot be loaded", async () => {
    fakeIpc.views.requests.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<RequestsView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
