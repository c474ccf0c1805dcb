// The conflicts view against a fake IPC: concurrent values with author, time and the shown one;
// edits to deleted items with a restore; empty states, refusals and load errors.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeInfo, Conflict, DeletedEdit } from "../../../ipc";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
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
      expect.stringMatching(/^doneAnn, .*shown now$/),
      expect.stringMatching(/^blockedBo, /),
    ]);
    expect(screen.getByTestId("conflicts-resolution-note")).toHaveTextContent("Resolving conflicts comes with the coordinator's desk");
    expect(screen.getByText(/^None\./)).toBeInTheDocument();
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
