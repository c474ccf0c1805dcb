// The conflicts view against a fake IPC: concurrent values with author, time and the shown one;
// settling a field (keep a value, or type one suited to the field, optionally as a decision);
// edits to deleted items with a restore; empty states, refusals and load errors.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeInfo, Conflict, DeletedEdit, MemberView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { ConflictsView } from "./ConflictsView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function change(hash: string, author_name: string, summary = ""): ChangeInfo {
  return { hash, actor: "aa", author: null, author_name, time: 1_700_000_000_000, summary, items: [] } as ChangeInfo;
}

const conflict: Conflict = {
  item: { kind: "task", id: "t1" },
  label: "Write brief",
  field: "status",
  values: [
    { value: "done", display: "done", change: change("h1", "Ann"), current: true },
    { value: "blocked", display: "blocked", change: change("h2", "Bo"), current: false },
  ],
} as Conflict;

const deletedEdit: DeletedEdit = {
  item: { kind: "risk", id: "r1" },
  label: "Vendor late",
  deleted: change("h3", "Cleo"),
  edits: [change("h4", "Dan", "Update risk 'Vendor late': probability")],
} as DeletedEdit;

// Whole user flows through Mantine inputs take seconds in jsdom when the suite runs in parallel.
describe("ConflictsView", { timeout: 20_000 }, () => {
  beforeEach(() => resetFakeIpc());

  it("lists each conflicting field with every value, its author and the one shown", async () => {
    fakeIpc.views.conflicts.mockResolvedValue([conflict]);
    fakeIpc.views.deletedEdits.mockResolvedValue([]);
    renderWithMantine(<ConflictsView projectId="p1" />);

    const row = await screen.findByTestId("conflict-row");
    expect(row).toHaveTextContent("Write brief");
    expect(row).toHaveTextContent("task · status");
    const values = within(row).getAllByTestId("conflict-value");
    expect(values.map((v) => v.textContent)).toEqual([
      expect.stringMatching(/^doneAnn, .*shown nowKeep this$/),
      expect.stringMatching(/^blockedBo, .*Keep this$/),
    ]);
    expect(screen.getByTestId("conflicts-resolution-note")).toHaveTextContent("keeping one of its values or typing a new one");
    expect(screen.getByText(/^None\./)).toBeInTheDocument();
  });

  it("keeps one value, recorded as a decision, and drops the row once the change is in", async () => {
    const user = userEvent.setup();
    fakeIpc.views.conflicts.mockResolvedValue([conflict]);
    fakeIpc.views.deletedEdits.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue({ summary: "Settle status of task 'Write brief': blocked", created: null, changed: true });
    renderWithMantine(<ConflictsView projectId="p1" />);

    const row = await screen.findByTestId("conflict-row");
    await user.click(within(row).getByTestId("settle-record-decision"));
    await user.click(within(row).getAllByTestId("keep-value")[1]!);
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "conflict",
      command: {
        action: "resolve",
        item: { kind: "task", id: "t1" },
        field: "status",
        resolution: { by: "pick", change: "h2" },
        record_decision: true,
      },
    });
    expect(await within(row).findByTestId("settle-done")).toHaveTextContent("Settle status of task 'Write brief': blocked");

    fakeIpc.views.conflicts.mockResolvedValue([]);
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    await waitFor(() => expect(screen.queryByTestId("conflict-row")).not.toBeInTheDocument());
    expect(screen.getByText(/^No conflicts\./)).toBeInTheDocument();
  });

  it("types a number for a numeric field and keeps it when the core refuses", async () => {
    const user = userEvent.setup();
    const estimate: Conflict = {
      ...conflict,
      field: "estimate",
      values: [
        { value: 4, display: "4", change: change("h1", "Ann"), current: true },
        { value: 6, display: "6", change: change("h2", "Bo"), current: false },
      ],
    };
    fakeIpc.views.conflicts.mockResolvedValue([estimate]);
    fakeIpc.views.deletedEdits.mockResolvedValue([]);
    fakeIpc.execute.mockRejectedValue(new Error("value must not be negative: -5"));
    renderWithMantine(<ConflictsView projectId="p1" />);

    const input = await screen.findByRole("textbox", { name: "Or type a new value" });
    expect(input).toHaveValue("4");
    await user.clear(input);
    await user.click(screen.getByTestId("settle-typed-submit"));
    expect(await screen.findByText("Type a number.")).toBeInTheDocument();
    expect(fakeIpc.execute).not.toHaveBeenCalled();

    await user.type(input, "-5");
    await user.click(screen.getByTestId("settle-typed-submit"));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", expect.objectContaining({
      command: expect.objectContaining({ resolution: { by: "value", value: -5 }, record_decision: false }),
    }));
    expect(await screen.findByTestId("settle-error")).toHaveTextContent("value must not be negative: -5");
    expect(input).toHaveValue("-5");
  });

  it("offers a member picker for member fields, a switch for yes/no and a date input for dates", async () => {
    const user = userEvent.setup();
    const members = [
      { id: "m1", name: "Ann", deleted: false },
      { id: "m2", name: "Bo", deleted: false },
      { id: "m3", name: "Cleo", deleted: false },
    ] as MemberView[];
    const owner: Conflict = {
      item: { kind: "risk", id: "r1" },
      label: "Vendor late",
      field: "owner",
      values: [
        { value: "m1", display: "Ann", change: change("h1", "Ann"), current: true },
        { value: "m2", display: "Bo", change: change("h2", "Bo"), current: false },
      ],
    };
    const met: Conflict = {
      item: { kind: "deliverable", id: "d1" },
      label: "Handbook",
      field: "criteria/k3/met",
      values: [
        { value: true, display: "true", change: change("h3", "Ann"), current: true },
        { value: false, display: "false", change: change("h4", "Bo"), current: false },
      ],
    };
    const due: Conflict = {
      ...conflict,
      field: "due",
      values: [
        { value: "2026-12-01", display: "2026-12-01", change: change("h5", "Ann"), current: true },
        { value: "2026-12-08", display: "2026-12-08", change: change("h6", "Bo"), current: false },
      ],
    };
    fakeIpc.views.conflicts.mockResolvedValue([owner, met, due]);
    fakeIpc.views.deletedEdits.mockResolvedValue([]);
    fakeIpc.views.members.mockResolvedValue(members);
    fakeIpc.execute.mockResolvedValue({ summary: "Settled", created: null, changed: true });
    renderWithMantine(<ConflictsView projectId="p1" />);

    const [ownerRow, metRow, dueRow] = await screen.findAllByTestId("conflict-row");
    await user.click(within(ownerRow!).getByRole("textbox", { name: "Or type a new value" }));
    await user.click(await screen.findByRole("option", { name: "Cleo" }));
    await user.click(within(ownerRow!).getByTestId("settle-typed-submit"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", expect.objectContaining({
      command: expect.objectContaining({ item: { kind: "risk", id: "r1" }, resolution: { by: "value", value: "m3" } }),
    }));

    await user.click(within(metRow!).getByRole("switch"));
    await user.click(within(metRow!).getByTestId("settle-typed-submit"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", expect.objectContaining({
      command: expect.objectContaining({ field: "criteria/k3/met", resolution: { by: "value", value: false } }),
    }));

    const date = within(dueRow!).getByLabelText("Or type a new value");
    expect(date).toHaveAttribute("type", "date");
    fireEvent.change(date, { target: { value: "2026-12-12" } });
    await user.click(within(dueRow!).getByTestId("settle-typed-submit"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", expect.objectContaining({
      command: expect.objectContaining({ field: "due", resolution: { by: "value", value: "2026-12-12" } }),
    }));
  });

  it("lists edits to deleted items and restores the item", async () => {
    const user = userEvent.setup();
    fakeIpc.views.conflicts.mockResolvedValue([]);
    fakeIpc.views.deletedEdits.mockResolvedValue([deletedEdit]);
    fakeIpc.execute.mockResolvedValue({ summary: "Restore risk 'Vendor late'", created: null, changed: true });
    renderWithMantine(<ConflictsView projectId="p1" />);

    const row = await screen.findByTestId("deleted-edit-row");
    expect(row).toHaveTextContent("Vendor late");
    expect(row).toHaveTextContent(/risk deleted by Cleo/);
    expect(row).toHaveTextContent(/Update risk 'Vendor late': probability — Dan/);
    expect(screen.getByText(/^No conflicts\./)).toBeInTheDocument();

    await user.click(within(row).getByTestId("restore-deleted"));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", { area: "item", command: { action: "restore", kind: "risk", id: "r1" } });
  });

  it("shows the core's refusal of a restore", async () => {
    const user = userEvent.setup();
    fakeIpc.views.conflicts.mockResolvedValue([]);
    fakeIpc.views.deletedEdits.mockResolvedValue([deletedEdit]);
    fakeIpc.execute.mockRejectedValue(new Error("risk r1 is not deleted"));
    renderWithMantine(<ConflictsView projectId="p1" />);

    await user.click(await screen.findByTestId("restore-deleted"));
    expect(await screen.findByText("risk r1 is not deleted")).toBeInTheDocument();
  });

  it("shows why each part cannot be loaded", async () => {
    fakeIpc.views.conflicts.mockRejectedValue(new Error("conflicts broke"));
    fakeIpc.views.deletedEdits.mockRejectedValue(new Error("deleted edits broke"));
    renderWithMantine(<ConflictsView projectId="p1" />);
    await waitFor(() => expect(screen.getByText("conflicts broke")).toBeInTheDocument());
    expect(screen.getByText("deleted edits broke")).toBeInTheDocument();
  });
});
