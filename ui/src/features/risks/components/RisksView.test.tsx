// The risks & issues view against a fake IPC: matrix counts and filtering, the register (add, edit,
// close), issues (raise, edit, assign, resolve), refusals and live refresh.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { IssueView, MemberView, RiskMatrixView, RiskView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { RisksView } from "./RisksView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);
vi.setConfig({ testTimeout: 20000 });

function risk(id: string, probability: number, impact: number, fields: Partial<RiskView> = {}): RiskView {
  return {
    id,
    title: `Risk ${id}`,
    description: "",
    mitigation: "",
    probability,
    impact,
    score: probability * impact,
    owner: null,
    review: null,
    status: "open",
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as RiskView;
}

/** The matrix the core would compute for `risks`: open ones counted per cell. */
function matrixOf(risks: RiskView[]): RiskMatrixView {
  const cells = [];
  for (let p = 5; p >= 1; p--) {
    for (let i = 1; i <= 5; i++) {
      const inCell = risks.filter((r) => !r.deleted && r.status !== "closed" && r.probability === p && r.impact === i);
      cells.push({ probability: p, impact: i, score: p * i, risks: inCell.map((r) => ({ id: r.id, title: r.title, status: r.status })) });
    }
  }
  const count = (s: string) => risks.filter((r) => !r.deleted && r.status === s).length;
  return {
    cells,
    counts: { open: count("open"), mitigating: count("mitigating"), occurred: count("occurred"), closed: count("closed") },
  } as RiskMatrixView;
}

function issue(id: string, fields: Partial<IssueView> = {}): IssueView {
  return {
    id,
    title: `Issue ${id}`,
    description: "",
    parties: [],
    external_parties: [],
    severity: "medium",
    status: "open",
    resolution: "",
    raised_at: null,
    resolved_at: null,
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as IssueView;
}

const member = (id: string, name: string) =>
  ({ id, name, role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false }) as MemberView;

const executed = { summary: "ok", created: null, changed: true };

function matrixCell(p: number, i: number): HTMLElement {
  const found = screen.getAllByTestId("risk-matrix-cell").find((c) => c.dataset.probability === String(p) && c.dataset.impact === String(i));
  if (!found) throw new Error(`no cell ${p}×${i}`);
  return found;
}

function rowOf(testId: string, id: string): HTMLElement {
  const found = screen.getAllByTestId(testId).find((r) => Object.values(r.dataset).includes(id));
  if (!found) throw new Error(`no ${testId} ${id}`);
  return found;
}

const registerRisks = [
  risk("r1", 4, 5, { title: "Venue cancels", owner: "m1", mitigation: "Hold a backup" }),
  risk("r2", 4, 5, { title: "Speaker ill", status: "mitigating" }),
  risk("r3", 2, 2, { title: "Rain" }),
  risk("r4", 4, 5, { title: "Old worry", status: "closed" }),
];

describe("RisksView", () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.risks.mockResolvedValue(registerRisks);
    fakeIpc.views.riskMatrix.mockResolvedValue(matrixOf(registerRisks));
    fakeIpc.views.issues.mockResolvedValue([issue("i1", { title: "Budget dispute", parties: ["m1"] })]);
    fakeIpc.views.members.mockResolvedValue([member("m1", "Ann"), member("m2", "Bo")]);
  });

  it("shows the matrix with counts and severity, and filters the register by a clicked cell", async () => {
    const user = userEvent.setup();
    renderWithMantine(<RisksView projectId="p1" />);
    expect(await screen.findByTestId("risk-matrix")).toBeInTheDocument();
    expect(screen.getAllByTestId("risk-matrix-cell")).toHaveLength(25);
    expect(matrixCell(4, 5)).toHaveAttribute("data-count", "2");
    expect(matrixCell(4, 5)).toHaveAccessibleName("Probability 4, impact 5: 2 open risks (critical)");
    expect(matrixCell(2, 2)).toHaveAccessibleName("Probability 2, impact 2: 1 open risk (low)");
    expect(screen.getByTestId("risk-counts")).toHaveTextContent("2 open · 1 mitigating · 0 occurred · 1 closed");
    expect(await screen.findAllByTestId("risk-row")).toHaveLength(4);

    await user.click(matrixCell(4, 5));
    expect(screen.getAllByTestId("risk-row").map((r) => r.dataset.riskId)).toEqual(["r1", "r2"]);
    expect(screen.getByTestId("risk-filter")).toHaveTextContent("Showing probability 4, impact 5");
    await user.click(matrixCell(1, 1));
    expect(screen.getByText("No open risks in this cell.")).toBeInTheDocument();
    await user.click(matrixCell(1, 1));
    expect(screen.getAllByTestId("risk-row")).toHaveLength(4);
  });

  it("lists risks with score, owner, mitigation and status", async () => {
    renderWithMantine(<RisksView projectId="p1" />);
    await screen.findAllByTestId("risk-row");
    const r1 = within(rowOf("risk-row", "r1"));
    expect(r1.getByTestId("risk-score")).toHaveTextContent("4 × 5 = 20");
    expect(await r1.findByText("Ann")).toBeInTheDocument();
    expect(r1.getByText("Hold a backup")).toBeInTheDocument();
    expect(within(rowOf("risk-row", "r2")).getByTestId("risk-status")).toHaveTextContent("mitigating");
  });

  it("adds a risk with probability, impact and owner", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "r9" });
    renderWithMantine(<RisksView projectId="p1" />);
    await screen.findAllByTestId("risk-row");
    await screen.findAllByRole("option", { name: "Ann" });

    await user.type(screen.getByTestId("new-risk-title"), "Caterer late");
    await user.selectOptions(screen.getByLabelText("Probability"), "2");
    await user.selectOptions(screen.getByLabelText("Impact"), "4");
    await user.selectOptions(screen.getByLabelText("Owner"), "m2");
    await user.type(screen.getByLabelText("Mitigation"), "Confirm the day before");
    await user.click(screen.getByTestId("add-risk"));

    await waitFor(() => expect(screen.getByTestId("new-risk-title")).toHaveValue(""));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "risk",
      command: {
        action: "add",
        title: "Caterer late",
        description: "",
        mitigation: "Confirm the day before",
        probability: 2,
        impact: 4,
        owner: "m2",
        review: null,
      },
    });
  });

  it("keeps the new risk and shows the core's refusal", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockRejectedValue(new Error("title is too long (301 characters, at most 300)"));
    renderWithMantine(<RisksView projectId="p1" />);
    await screen.findAllByTestId("risk-row");

    await user.type(screen.getByTestId("new-risk-title"), "Too long");
    await user.click(screen.getByTestId("add-risk"));
    expect(await screen.findByText("title is too long (301 characters, at most 300)")).toBeInTheDocument();
    expect(screen.getByTestId("new-risk-title")).toHaveValue("Too long");
  });

  it("edits probability, impact and owner, then closes the risk", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RisksView projectId="p1" />);
    await screen.findAllByTestId("risk-row");

    await user.click(within(rowOf("risk-row", "r1")).getByTestId("risk-actions"));
    await user.click(await screen.findByRole("menuitem", { name: "Edit" }));
    const dialog = within(await screen.findByRole("dialog"));
    await user.selectOptions(dialog.getByLabelText("Probability"), "2");
    await user.selectOptions(dialog.getByLabelText("Impact"), "3");
    await user.selectOptions(dialog.getByLabelText("Owner"), "");
    await user.click(dialog.getByTestId("save-risk"));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(1));

    await user.click(within(rowOf("risk-row", "r1")).getByTestId("risk-actions"));
    await user.click(await screen.findByRole("menuitem", { name: "Close" }));
    expect(fakeIpc.execute.mock.calls).toEqual([
      ["p1", { area: "risk", command: { action: "update", id: "r1", patch: { probability: 2, impact: 3, owner: "clear" } } }],
      ["p1", { area: "risk", command: { action: "set_status", id: "r1", status: "closed" } }],
    ]);
  });

  it("raises an issue, assigns and unassigns members, and resolves it with a resolution", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<RisksView projectId="p1" />);
    const row = await screen.findByTestId("issue-row");
    expect(within(row).getByTestId("issue-title")).toHaveTextContent("Budget dispute");
    expect(await within(row).findByTestId("issue-party")).toHaveTextContent("Ann");

    await user.type(screen.getByTestId("new-issue-title"), "Noise complaint");
    await user.selectOptions(screen.getByLabelText("Severity"), "high");
    await user.click(screen.getByTestId("add-issue"));
    await waitFor(() => expect(screen.getByTestId("new-issue-title")).toHaveValue(""));

    await user.selectOptions(within(row).getByTestId("issue-assign"), "m2");
    await user.click(within(row).getByRole("button", { name: "Remove Ann from Budget dispute" }));
    await user.click(within(row).getByTestId("issue-resolve"));
    await user.type(await screen.findByTestId("issue-resolution"), "Split 50/50");
    await user.click(screen.getByTestId("issue-resolve-save"));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(4));

    expect(fakeIpc.execute.mock.calls).toEqual([
      [
        "p1",
        {
          area: "risk",
          command: { action: "add_issue", title: "Noise complaint", description: "", parties: [], external_parties: [], severity: "high" },
        },
      ],
      ["p1", { area: "risk", command: { action: "update_issue", id: "i1", patch: { parties: ["m1", "m2"] } } }],
      ["p1", { area: "risk", command: { action: "update_issue", id: "i1", patch: { parties: [] } } }],
      ["p1", { area: "risk", command: { action: "set_issue_status", id: "i1", status: "resolved", resolution: "Split 50/50" } }],
    ]);
  });

  it("edits an issue's title, description and outside parties, sending only what changed", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    // Nobody else changed the description since the dialog opened.
    fakeIpc.readText.mockResolvedValue({ text: "", heads: [] });
    renderWithMantine(<RisksView projectId="p1" />);
    const row = await screen.findByTestId("issue-row");

    await user.click(within(row).getByRole("button", { name: "Edit Budget dispute" }));
    const dialog = within(await screen.findByRole("dialog", { name: "Edit issue" }));
    expect(dialog.getByTestId("edit-issue-title")).toHaveValue("Budget dispute");
    expect(dialog.getByTestId("save-issue")).toBeDisabled();
    await user.clear(dialog.getByTestId("edit-issue-title"));
    await user.type(dialog.getByTestId("edit-issue-title"), "Venue budget dispute ");
    await user.type(dialog.getByTestId("edit-issue-description"), "Who pays the deposit");
    await user.type(dialog.getByTestId("edit-issue-external"), "Venue Ltd, Caterer, Venue Ltd");
    await user.click(dialog.getByTestId("save-issue"));

    expect(fakeIpc.execute).toHaveBeenCalledTimes(1);
    expect(fakeIpc.readText).toHaveBeenCalledWith("p1", "issue", "i1", "description");
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "risk",
      command: {
        action: "update_issue",
        id: "i1",
        patch: { title: "Venue budget dispute", description: "Who pays the deposit", external_parties: ["Venue Ltd", "Caterer"] },
      },
    });
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Edit issue" })).not.toBeInTheDocument());

    fakeIpc.views.issues.mockResolvedValue([
      issue("i1", { title: "Venue budget dispute", description: "Who pays the deposit", parties: ["m1"], external_parties: ["Venue Ltd", "Caterer"] }),
    ]);
    act(() => emit.projectChanged("p1", [{ kind: "issue", id: "i1" }]));
    await waitFor(() => expect(within(screen.getByTestId("issue-row")).getByTestId("issue-title")).toHaveTextContent("Venue budget dispute"));
    const updated = within(screen.getByTestId("issue-row"));
    expect(updated.getByTestId("issue-description")).toHaveTextContent("Who pays the deposit");
    expect(updated.getByText("Caterer")).toBeInTheDocument();
  });

  it("will not save an issue without a title, and shows the core's refusal in the edit dialog", async () => {
    const user = userEvent.setup();
    const refusal = "title is too long (301 characters, at most 300)";
    fakeIpc.execute.mockRejectedValue(new Error(refusal));
    renderWithMantine(<RisksView projectId="p1" />);
    const row = await screen.findByTestId("issue-row");

    await user.click(within(row).getByTestId("issue-edit"));
    const dialog = within(await screen.findByRole("dialog", { name: "Edit issue" }));
    const title = dialog.getByTestId("edit-issue-title");
    await user.clear(title);
    expect(dialog.getByText("An issue needs a title.")).toBeInTheDocument();
    expect(dialog.getByTestId("save-issue")).toBeDisabled();
    await user.type(title, "Budget row{Enter}");
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "risk",
      command: { action: "update_issue", id: "i1", patch: { title: "Budget row" } },
    });
    expect(await dialog.findByText(refusal)).toBeInTheDocument();
    expect(title).toHaveValue("Budget row");
    // The refusal belongs to the dialog, not to the rows.
    expect(screen.getAllByText(refusal)).toHaveLength(1);
  });

  it("shows why an issue could not be resolved and keeps the resolution", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockRejectedValue(new Error("issue 'Budget dispute' is deleted"));
    renderWithMantine(<RisksView projectId="p1" />);
    const row = await screen.findByTestId("issue-row");
    await user.click(within(row).getByTestId("issue-resolve"));
    await user.type(await screen.findByTestId("issue-resolution"), "Agreed");
    await user.click(screen.getByTestId("issue-resolve-save"));
    expect(await screen.findByText("issue 'Budget dispute' is deleted")).toBeInTheDocument();
    expect(screen.getByTestId("issue-resolution")).toHaveValue("Agreed");
  });

  it("says how to start when there are no risks or issues", async () => {
    fakeIpc.views.risks.mockResolvedValue([]);
    fakeIpc.views.riskMatrix.mockResolvedValue(matrixOf([]));
    fakeIpc.views.issues.mockResolvedValue([]);
    renderWithMantine(<RisksView projectId="p1" />);
    expect(await screen.findByText(/No risks yet\. Add the first one above/)).toBeInTheDocument();
    expect(await screen.findByText(/No issues\. Raise one above/)).toBeInTheDocument();
  });

  it("reloads risks and matrix on risk changes, issues on issue changes", async () => {
    renderWithMantine(<RisksView projectId="p1" />);
    await screen.findAllByTestId("risk-row");
    await screen.findByTestId("issue-row");

    act(() => emit.projectChanged("p1", [{ kind: "issue", id: "i1" }]));
    await waitFor(() => expect(fakeIpc.views.issues).toHaveBeenCalledTimes(2));
    expect(fakeIpc.views.risks).toHaveBeenCalledTimes(1);

    const fewer = registerRisks.slice(0, 1);
    fakeIpc.views.risks.mockResolvedValue(fewer);
    fakeIpc.views.riskMatrix.mockResolvedValue(matrixOf(fewer));
    act(() => emit.projectChanged("p1", [{ kind: "risk", id: "r2" }]));
    await waitFor(() => expect(screen.getAllByTestId("risk-row")).toHaveLength(1));
    await waitFor(() => expect(matrixCell(4, 5)).toHaveAttribute("data-count", "1"));
  });

  it("shows why risks cannot be loaded", async () => {
    fakeIpc.views.risks.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<RisksView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
