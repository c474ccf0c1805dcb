// The deliverables view against a fake IPC: lists, adds, edits, works criteria (add, tick, reword,
// remove) and the review, signs off (and shows the core's refusal), revokes, deletes and restores.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliverableView, MemberView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { DeliverablesView } from "./DeliverablesView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

type Criterion = DeliverableView["criteria"][number];

function criterion(id: string, text: string, met = false): Criterion {
  return { id, text, met, met_at: null, met_by: null, order: id } as Criterion;
}

function deliverable(id: string, fields: Partial<DeliverableView> = {}): DeliverableView {
  const criteria = fields.criteria ?? [];
  return {
    id,
    title: `Deliverable ${id}`,
    description: "",
    due: null,
    owner: null,
    review: "draft",
    criteria,
    criteria_met: criteria.filter((c) => c.met).length,
    criteria_total: criteria.length,
    signoff: null,
    tasks: [],
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as DeliverableView;
}

const members = [{ id: "m1", name: "Ann", role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false }] as MemberView[];

function card(id: string): HTMLElement {
  const found = screen.getAllByTestId("deliverable-row").find((r) => r.dataset.deliverableId === id);
  if (!found) throw new Error(`no card for deliverable ${id}`);
  return found;
}

const executed = { summary: "ok", created: null, changed: true };

// Whole user flows through Mantine inputs take seconds in jsdom when the suite runs in parallel.
describe("DeliverablesView", { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.members.mockResolvedValue(members);
  });

  it("lists deliverables with review, criteria and sign-off", async () => {
    fakeIpc.views.deliverables.mockResolvedValue([
      deliverable("d1", { title: "Report", review: "in_review", due: "2000-01-01", criteria: [criterion("c1", "Has charts", true), criterion("c2", "Proofread")] }),
      deliverable("d2", { title: "Handbook", review: "accepted", signoff: { by: "Client Co", member: null, at: null, note: "Great" } }),
    ]);
    renderWithMantine(<DeliverablesView projectId="p1" />);

    await waitFor(() => expect(screen.getAllByTestId("deliverable-row")).toHaveLength(2));
    const d1 = card("d1");
    expect(within(d1).getByTestId("deliverable-title")).toHaveValue("Report");
    expect(within(d1).getByTestId("deliverable-review")).toHaveTextContent("In review");
    expect(within(d1).getByTestId("deliverable-criteria")).toHaveTextContent("1/2 criteria met");
    expect(within(d1).getByText("Late")).toBeInTheDocument();
    expect(within(d1).getAllByTestId("criterion-row")).toHaveLength(2);
    expect(within(d1).getByLabelText("Met: Has charts")).toBeChecked();
    expect(within(d1).getByText(/Not ready yet: the review must be accepted; 1 criterion is not met/)).toBeInTheDocument();
    expect(within(card("d2")).getByTestId("signed-off")).toHaveTextContent("Signed off by Client Co");
  });

  it("says how to add the first deliverable", async () => {
    fakeIpc.views.deliverables.mockResolvedValue([]);
    renderWithMantine(<DeliverablesView projectId="p1" />);
    expect(await screen.findByText(/No deliverables yet/)).toBeInTheDocument();
  });

  it("adds a deliverable with a due date", async () => {
    const user = userEvent.setup();
    fakeIpc.views.deliverables.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "d9" });
    renderWithMantine(<DeliverablesView projectId="p1" />);
    await screen.findByText(/No deliverables yet/);

    await user.type(screen.getByTestId("new-deliverable-title"), "Final report");
    await user.type(screen.getByTestId("new-deliverable-due"), "2025-06-30");
    await user.click(screen.getByTestId("add-deliverable"));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "deliverable",
      command: { action: "add", title: "Final report", due: "2025-06-30" },
    });
    await waitFor(() => expect(screen.getByTestId("new-deliverable-title")).toHaveValue(""));
  });

  it("adds, ticks and removes criteria", async () => {
    const user = userEvent.setup();
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1", { criteria: [criterion("c1", "Has charts")] })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<DeliverablesView projectId="p1" />);
    const d1 = await waitFor(() => card("d1"));

    await user.type(within(d1).getByTestId("new-criterion-text"), "Proofread{Enter}");
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "add_criterion", id: "d1", text: "Proofread" },
    });
    await waitFor(() => expect(within(d1).getByTestId("new-criterion-text")).toHaveValue(""));

    await user.click(within(d1).getByLabelText("Met: Has charts"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "set_criterion_met", id: "d1", criterion: "c1", met: true },
    });

    await user.click(within(d1).getByLabelText("Remove criterion Has charts"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "remove_criterion", id: "d1", criterion: "c1" },
    });
  });

  it("rewords a criterion in place: Enter or Save sends it, Escape and Cancel drop the draft", async () => {
    const user = userEvent.setup();
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1", { criteria: [criterion("c1", "Has charts"), criterion("c2", "Proofread")] })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<DeliverablesView projectId="p1" />);
    const d1 = await waitFor(() => card("d1"));
    const c1 = () => within(d1).getAllByTestId("criterion-row")[0] as HTMLElement;

    await user.click(within(d1).getByRole("button", { name: "Reword criterion Has charts" }));
    const input = within(c1()).getByTestId("criterion-edit-text");
    expect(input).toHaveValue("Has charts");
    expect(input).toHaveFocus();
    await user.clear(input);
    await user.type(input, "  Has three charts {Enter}");
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "update_criterion", id: "d1", criterion: "c1", text: "Has three charts" },
    });
    await waitFor(() => expect(within(d1).queryByTestId("criterion-edit-text")).not.toBeInTheDocument());

    // The new wording arrives with the change event.
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1", { criteria: [criterion("c1", "Has three charts"), criterion("c2", "Proofread")] })]);
    act(() => emit.projectChanged("p1", [{ kind: "deliverable", id: "d1" }]));
    expect(await within(d1).findByText("Has three charts")).toBeInTheDocument();

    // Save sends it too.
    await user.click(within(d1).getByRole("button", { name: "Reword criterion Proofread" }));
    await user.type(within(d1).getByTestId("criterion-edit-text"), " twice");
    await user.click(within(d1).getByTestId("criterion-save"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "update_criterion", id: "d1", criterion: "c2", text: "Proofread twice" },
    });
    await waitFor(() => expect(within(d1).queryByTestId("criterion-edit-text")).not.toBeInTheDocument());

    // Escape and Cancel leave the wording as it was, sending nothing; so does saving it unchanged.
    fakeIpc.execute.mockClear();
    await user.click(within(c1()).getByTestId("criterion-edit"));
    await user.type(within(d1).getByTestId("criterion-edit-text"), " and tables{Escape}");
    expect(within(d1).queryByTestId("criterion-edit-text")).not.toBeInTheDocument();
    expect(within(d1).getByText("Has three charts")).toBeInTheDocument();
    await user.click(within(c1()).getByTestId("criterion-edit"));
    await user.type(within(d1).getByTestId("criterion-edit-text"), " and tables");
    await user.click(within(d1).getByTestId("criterion-cancel"));
    expect(within(d1).queryByTestId("criterion-edit-text")).not.toBeInTheDocument();
    await user.click(within(c1()).getByTestId("criterion-edit"));
    await user.type(within(d1).getByTestId("criterion-edit-text"), "{Enter}");
    expect(within(d1).queryByTestId("criterion-edit-text")).not.toBeInTheDocument();
    expect(fakeIpc.execute).not.toHaveBeenCalled();
  });

  it("refuses an empty criterion and shows the core's refusal of a rewording", async () => {
    const user = userEvent.setup();
    const refusal = "deliverable 'Report' is signed off; revoke the sign-off before rewording criteria";
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1", { title: "Report", criteria: [criterion("c1", "Has charts")] })]);
    fakeIpc.execute.mockRejectedValue(new Error(refusal));
    renderWithMantine(<DeliverablesView projectId="p1" />);
    const d1 = await waitFor(() => card("d1"));

    await user.click(within(d1).getByTestId("criterion-edit"));
    const input = within(d1).getByTestId("criterion-edit-text");
    await user.clear(input);
    await user.type(input, "   {Enter}");
    expect(within(d1).getByText(/A criterion needs some text/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(/A criterion needs some text/);
    await user.click(within(d1).getByTestId("criterion-save"));
    expect(fakeIpc.execute).not.toHaveBeenCalled();

    await user.type(input, "Has charts and tables");
    expect(within(d1).queryByText(/A criterion needs some text/)).not.toBeInTheDocument();
    await user.click(within(d1).getByTestId("criterion-save"));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "deliverable",
      command: { action: "update_criterion", id: "d1", criterion: "c1", text: "Has charts and tables" },
    });
    expect(await within(d1).findByText(refusal)).toBeInTheDocument();
    expect(within(d1).getByTestId("criterion-edit-text")).toHaveValue("   Has charts and tables");
  });

  it("moves the review along and edits title, due date and owner", async () => {
    const user = userEvent.setup();
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1", { title: "Report", review: "in_review", due: "2025-01-10" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<DeliverablesView projectId="p1" />);
    const d1 = await waitFor(() => card("d1"));

    await user.click(within(d1).getByRole("button", { name: "Accept" }));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "set_review", id: "d1", review: "accepted" },
    });

    const title = within(d1).getByTestId("deliverable-title");
    await user.clear(title);
    await user.type(title, "Final report{Enter}");
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "update", id: "d1", patch: { title: "Final report" } },
    });

    await user.clear(within(d1).getByTestId("deliverable-due"));
    await user.tab();
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "update", id: "d1", patch: { due: "clear" } },
    });

    await waitFor(() => expect(within(d1).getByRole("option", { name: "Ann" })).toBeInTheDocument());
    await user.selectOptions(within(d1).getByLabelText("Owner"), "m1");
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", {
      area: "deliverable",
      command: { action: "update", id: "d1", patch: { owner: { set: "m1" } } },
    });
  });

  it("shows the core's refusal of a sign-off on the card and keeps the name", async () => {
    const user = userEvent.setup();
    const refusal = "deliverable 'Report' cannot be signed off: 1 acceptance criterion is not met: 'Proofread'";
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1", { title: "Report", review: "accepted", criteria: [criterion("c1", "Proofread")] })]);
    fakeIpc.execute.mockRejectedValue(new Error(refusal));
    renderWithMantine(<DeliverablesView projectId="p1" />);
    const d1 = await waitFor(() => card("d1"));

    await user.type(within(d1).getByTestId("sign-off-by"), "Client Co");
    await user.type(within(d1).getByLabelText("Sign-off note"), "Looks good");
    await user.click(within(d1).getByTestId("sign-off"));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "deliverable",
      command: { action: "sign_off", id: "d1", by: "Client Co", note: "Looks good" },
    });
    expect(await within(d1).findByText(refusal)).toBeInTheDocument();
    expect(within(d1).getByTestId("sign-off-by")).toHaveValue("Client Co");
  });

  it("revokes a sign-off, deletes, and restores from the deleted ones", async () => {
    const user = userEvent.setup();
    fakeIpc.views.deliverables.mockResolvedValue([
      deliverable("d1", { review: "accepted", signoff: { by: "Client Co", member: null, at: null, note: null } }),
      deliverable("d2", { title: "Old", deleted: true }),
    ]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<DeliverablesView projectId="p1" />);
    const d1 = await waitFor(() => card("d1"));
    expect(screen.getAllByTestId("deliverable-row")).toHaveLength(1);

    await user.click(within(d1).getByTestId("revoke-sign-off"));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", { area: "deliverable", command: { action: "revoke_sign_off", id: "d1" } });

    await user.click(within(d1).getByRole("button", { name: "Delete" }));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", { area: "item", command: { action: "delete", kind: "deliverable", id: "d1" } });

    await user.click(screen.getByTestId("show-deleted-deliverables"));
    await user.click(within(card("d2")).getByRole("button", { name: "Restore" }));
    expect(fakeIpc.execute).toHaveBeenLastCalledWith("p1", { area: "item", command: { action: "restore", kind: "deliverable", id: "d2" } });
  });

  it("reloads on deliverable changes only", async () => {
    fakeIpc.views.deliverables.mockResolvedValue([deliverable("d1")]);
    renderWithMantine(<DeliverablesView projectId="p1" />);
    await waitFor(() => card("d1"));
    act(() => emit.projectChanged("p1", [{ kind: "risk", id: "r1" }]));
    expect(fakeIpc.views.deliverables).toHaveBeenCalledTimes(1);
    act(() => emit.projectChanged("p1", [{ kind: "deliverable", id: "d1" }]));
    await waitFor(() => expect(fakeIpc.views.deliverables).toHaveBeenCalledTimes(2));
  });

  it("shows why the deliverables cannot be loaded", async () => {
    fakeIpc.views.deliverables.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<DeliverablesView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
