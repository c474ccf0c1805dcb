// The members view against a fake IPC: lists, adds, changes role and capacity, edits details,
// removes and restores, and shows the core's refusals.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { MemberView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { MembersView } from "./MembersView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function member(id: string, fields: Partial<MemberView> = {}): MemberView {
  return { id, name: `Member ${id}`, role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false, ...fields } as MemberView;
}

function row(id: string): HTMLElement {
  const found = screen.getAllByTestId("member-row").find((r) => r.dataset.memberId === id);
  if (!found) throw new Error(`no row for member ${id}`);
  return found;
}

const executed = { summary: "ok", created: null, changed: true };

// Whole user flows through Mantine inputs take seconds in jsdom when the suite runs in parallel.
describe("MembersView", { timeout: 20_000 }, () => {
  beforeEach(() => resetFakeIpc());

  it("lists members with role, capacity and status, removed ones last", async () => {
    fakeIpc.views.members.mockResolvedValue([
      member("m1", { name: "Ann", active: false }),
      member("m2", { name: "Bo", role: "coordinator", capacity_hours: 32, title: "Lead" }),
    ]);
    renderWithMantine(<MembersView projectId="p1" />);

    await waitFor(() => expect(screen.getAllByTestId("member-row")).toHaveLength(2));
    expect(screen.getAllByTestId("member-name").map((n) => n.textContent)).toEqual(["Bo", "Ann"]);
    expect(within(row("m2")).getByTestId("member-role")).toHaveValue("coordinator");
    expect(within(row("m2")).getByTestId("member-capacity")).toHaveValue("32 h");
    expect(within(row("m2")).getByText("Lead")).toBeInTheDocument();
    expect(within(row("m1")).getByTestId("member-status")).toHaveTextContent("Removed");
    expect(within(row("m2")).getByTestId("member-status")).toHaveTextContent("Active");
  });

  it("says how to add the first member", async () => {
    fakeIpc.views.members.mockResolvedValue([]);
    renderWithMantine(<MembersView projectId="p1" />);
    expect(await screen.findByText("No members yet. Add the first one above.")).toBeInTheDocument();
  });

  it("adds a member with role and capacity", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "m9" });
    renderWithMantine(<MembersView projectId="p1" />);
    await screen.findByText(/No members yet/);

    await user.type(screen.getByTestId("new-member-name"), " Cleo ");
    await user.selectOptions(screen.getByTestId("new-member-role"), "stakeholder");
    const capacity = screen.getByTestId("new-member-capacity");
    await user.clear(capacity);
    await user.type(capacity, "20");
    await user.click(screen.getByTestId("add-member"));

    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "project",
      command: { action: "add_member", name: "Cleo", role: "stakeholder", capacity_hours: 20 },
    });
    await waitFor(() => expect(screen.getByTestId("new-member-name")).toHaveValue(""));
  });

  it("keeps the name and shows the core's message when adding fails", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue([]);
    fakeIpc.execute.mockRejectedValue(new Error("member name is too long"));
    renderWithMantine(<MembersView projectId="p1" />);
    await screen.findByText(/No members yet/);

    await user.type(screen.getByTestId("new-member-name"), "Cleo{Enter}");
    expect(await screen.findByText("member name is too long")).toBeInTheDocument();
    expect(screen.getByTestId("new-member-name")).toHaveValue("Cleo");
  });

  it("changes role, and capacity when the field is left", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue([member("m1", { name: "Ann" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<MembersView projectId="p1" />);
    await screen.findAllByTestId("member-row");

    await user.selectOptions(screen.getByLabelText("Role of Ann"), "viewer");
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "project",
      command: { action: "update_member", id: "m1", patch: { role: "viewer" } },
    });

    const capacity = screen.getByLabelText("Capacity of Ann");
    await user.clear(capacity);
    await user.type(capacity, "24");
    expect(fakeIpc.execute).toHaveBeenCalledTimes(1);
    await user.tab();
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "project",
      command: { action: "update_member", id: "m1", patch: { capacity_hours: 24 } },
    });
  });

  it("removes and restores a member by marking them inactive and active", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue([member("m1", { name: "Ann" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<MembersView projectId="p1" />);
    await screen.findAllByTestId("member-row");

    await user.click(within(row("m1")).getByTestId("remove-member"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "project",
      command: { action: "update_member", id: "m1", patch: { active: false } },
    });

    fakeIpc.views.members.mockResolvedValue([member("m1", { name: "Ann", active: false })]);
    act(() => emit.projectChanged("p1", [{ kind: "member", id: "m1" }]));
    await user.click(await within(row("m1")).findByTestId("restore-member"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "project",
      command: { action: "update_member", id: "m1", patch: { active: true } },
    });
  });

  it("edits name, title and email, sending only what changed", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue([member("m1", { name: "Ann", title: "Dev" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<MembersView projectId="p1" />);
    await screen.findAllByTestId("member-row");

    await user.click(within(row("m1")).getByRole("button", { name: "Edit" }));
    await user.clear(screen.getByLabelText("Job title"));
    await user.type(screen.getByLabelText("Email"), "ann@example.com");
    await user.click(screen.getByTestId("save-member"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "project",
      command: { action: "update_member", id: "m1", patch: { title: "clear", email: { set: "ann@example.com" } } },
    });
  });

  it("ignores changes to other kinds of items", async () => {
    fakeIpc.views.members.mockResolvedValue([member("m1")]);
    renderWithMantine(<MembersView projectId="p1" />);
    await screen.findAllByTestId("member-row");
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    expect(fakeIpc.views.members).toHaveBeenCalledTimes(1);
  });

  it("shows why the members cannot be loaded", async () => {
    fakeIpc.views.members.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<MembersView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
