// The decision log against a fake IPC: list, record, edit, workflow moves, delete, links.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DecisionView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { DecisionsView } from "./DecisionsView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function decision(id: string, fields: Partial<DecisionView> = {}): DecisionView {
  return {
    id,
    title: `Decision ${id}`,
    status: "proposed",
    context: "",
    decision: "",
    alternatives: "",
    decided_by: null,
    decided_by_name: null,
    decided_at: null,
    superseded_by: null,
    supersedes: [],
    meetings: [],
    tasks: [],
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  };
}

const ok = { summary: "done", created: null, changed: true };
const sent = () => fakeIpc.execute.mock.calls.map(([, c]) => c);
const row = (id: string) => screen.getAllByTestId("decision-row").find((r) => r.dataset.decisionId === id)!;

// Typing through user-event into Mantine inputs is slow in jsdom; these tests need more than 5 s.
describe("DecisionsView", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.members.mockResolvedValue([
      { id: "ann", name: "Ann", role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false },
    ]);
    fakeIpc.views.meetings.mockResolvedValue([
      { id: "m1", title: "Steering", series: null, start: 0, duration_minutes: 60, attendee_count: 0, deleted: false },
    ]);
    fakeIpc.views.tasks.mockResolvedValue([]);
  });

  it("lists decisions newest first with status, who decided and links", async () => {
    fakeIpc.views.decisions.mockResolvedValue([
      decision("d1", { title: "Use Postgres", status: "accepted", decided_by: "ann", decided_by_name: "Ann", decided_at: "2025-03-01", meetings: ["m1"] }),
      decision("d2", { title: "Hire a designer", decision: "One senior designer" }),
      decision("d3", { title: "Old idea", deleted: true }),
    ]);
    renderWithMantine(<DecisionsView projectId="p1" />);
    await screen.findAllByTestId("decision-row");
    expect(screen.getAllByTestId("decision-title").map((t) => t.textContent)).toEqual(["Hire a designer", "Use Postgres"]);
    expect(within(row("d1")).getByText("Decided by Ann on 2025-03-01")).toBeInTheDocument();
    expect(await within(row("d1")).findByText("Meeting: Steering")).toBeInTheDocument();
    expect(within(row("d2")).getByText("One senior designer")).toBeInTheDocument();

    await userEvent.setup().click(screen.getByLabelText("Show deleted (1)"));
    expect(screen.getAllByTestId("decision-row")).toHaveLength(3);
  });

  it("says how to record the first decision", async () => {
    fakeIpc.views.decisions.mockResolvedValue([]);
    renderWithMantine(<DecisionsView projectId="p1" />);
    expect(await screen.findByText(/No decisions yet. Record the first one/)).toBeInTheDocument();
  });

  it("shows why the decisions cannot be loaded", async () => {
    fakeIpc.views.decisions.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<DecisionsView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });

  it("records a decision with the core's Add command and clears the form", async () => {
    const user = userEvent.setup();
    fakeIpc.views.decisions.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue({ ...ok, created: "d9" });
    renderWithMantine(<DecisionsView projectId="p1" />);
    await screen.findByText(/No decisions yet/);

    await user.type(screen.getByTestId("new-decision-title"), "Use Postgres");
    await user.type(screen.getByTestId("decision-context"), "We need a database");
    await user.type(screen.getByTestId("decision-text"), "Postgres 16");
    await user.type(screen.getByTestId("decision-decided-at"), "2025-03-01");
    await user.click(screen.getByTestId("add-decision"));

    await waitFor(() => expect(screen.getByTestId("new-decision-title")).toHaveValue(""));
    expect(sent()).toEqual([
      {
        area: "decision",
        command: {
          action: "add",
          title: "Use Postgres",
          context: "We need a database",
          decision: "Postgres 16",
          alternatives: "",
          decided_by: null,
          decided_at: "2025-03-01",
          meetings: [],
          tasks: [],
        },
      },
    ]);
  });

  it("keeps what was typed and shows the refusal", async () => {
    const user = userEvent.setup();
    fakeIpc.views.decisions.mockResolvedValue([]);
    fakeIpc.execute.mockRejectedValue(new Error("title is longer than 300 characters"));
    renderWithMantine(<DecisionsView projectId="p1" />);
    await screen.findByText(/No decisions yet/);
    await user.type(screen.getByTestId("new-decision-title"), "Too long");
    await user.click(screen.getByTestId("add-decision"));
    expect(await screen.findByText("title is longer than 300 characters")).toBeInTheDocument();
    expect(screen.getByTestId("new-decision-title")).toHaveValue("Too long");
  });

  it("edits only what changed, and unlinks a meeting", async () => {
    const user = userEvent.setup();
    fakeIpc.views.decisions.mockResolvedValue([decision("d1", { title: "Use Postgres", decision: "Postgres 16", meetings: ["m1"] })]);
    fakeIpc.execute.mockResolvedValue(ok);
    // Nobody else changed the texts since the form opened.
    fakeIpc.readText.mockImplementation(async (_p, _k, _id, field) => ({
      text: field === "decision" ? "Postgres 16" : "",
      heads: [],
    }));
    renderWithMantine(<DecisionsView projectId="p1" />);
    await screen.findAllByTestId("decision-row");
    await screen.findByText("Meeting: Steering");

    await user.click(within(row("d1")).getByRole("button", { name: "Edit" }));
    const text = within(row("d1")).getByTestId("decision-text");
    await user.clear(text);
    await user.type(text, "Postgres 17");
    // The meeting pill's remove button.
    const meetingsField = within(row("d1")).getByTestId("decision-meetings").closest(".mantine-MultiSelect-root") as HTMLElement;
    await user.click(meetingsField.querySelector(".mantine-Pill-remove") as HTMLElement);
    await user.click(screen.getByTestId("save-decision"));

    await waitFor(() => expect(screen.queryByTestId("save-decision")).not.toBeInTheDocument());
    expect(sent()).toEqual([
      { area: "decision", command: { action: "update", id: "d1", patch: { decision: "Postgres 17" } } },
      { area: "decision", command: { action: "unlink", id: "d1", from: { meeting: "m1" } } },
    ]);
  });

  it("offers the workflow moves the core allows, and deletes and restores", async () => {
    const user = userEvent.setup();
    fakeIpc.views.decisions.mockResolvedValue([
      decision("d1", { title: "Proposed one" }),
      decision("d2", { title: "Accepted one", status: "accepted" }),
      decision("d3", { title: "Rejected one", status: "rejected" }),
      decision("d4", { title: "Gone", deleted: true }),
    ]);
    fakeIpc.execute.mockResolvedValue(ok);
    renderWithMantine(<DecisionsView projectId="p1" />);
    await screen.findAllByTestId("decision-row");

    expect(within(row("d2")).queryByRole("button", { name: "Accept" })).not.toBeInTheDocument();
    await user.click(within(row("d1")).getByRole("button", { name: "Accept" }));
    await user.click(within(row("d3")).getByRole("button", { name: "Reopen" }));
    await user.click(within(row("d2")).getByRole("button", { name: "Supersede…" }));
    await user.click(within(row("d2")).getByTestId("superseded-by"));
    await user.click(await screen.findByRole("option", { name: "Proposed one" }));
    await user.click(within(row("d1")).getByRole("button", { name: "Delete" }));
    await user.click(screen.getByLabelText("Show deleted (1)"));
    await user.click(within(row("d4")).getByRole("button", { name: "Restore" }));

    expect(sent()).toEqual([
      { area: "decision", command: { action: "set_status", id: "d1", status: "accepted" } },
      { area: "decision", command: { action: "set_status", id: "d3", status: "proposed" } },
      { area: "decision", command: { action: "set_status", id: "d2", status: "superseded", superseded_by: "d1" } },
      { area: "item", command: { action: "delete", kind: "decision", id: "d1" } },
      { area: "item", command: { action: "restore", kind: "decision", id: "d4" } },
    ]);
  });

  it("reloads when a decision changes", async () => {
    fakeIpc.views.decisions.mockResolvedValue([decision("d1", { title: "Old" })]);
    renderWithMantine(<DecisionsView projectId="p1" />);
    await screen.findByText("Old");
    fakeIpc.views.decisions.mockResolvedValue([decision("d1", { title: "New" })]);
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    expect(fakeIpc.views.decisions).toHaveBeenCalledTimes(1);
    act(() => emit.projectChanged("p1", [{ kind: "decision", id: "d1" }]));
    expect(await screen.findByText("New")).toBeInTheDocument();
  });
});
