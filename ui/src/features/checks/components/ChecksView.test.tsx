// The Checks view and the notice after a merge, against a fake IPC: findings with severity,
// kind, message, item links and the changes that caused them (author and time); the clean
// state; load errors; the notice shows the findings on what arrived and opens the view.
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeInfo, Finding, MergeFindings, PlanChecks } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { ChecksView } from "./ChecksView";
import { MergeFindingsNotice } from "./MergeFindingsNotice";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function change(hash: string, author_name: string, summary: string): ChangeInfo {
  return { hash, actor: "aa", author: null, author_name, time: 1_700_000_000_000, summary, items: [] } as ChangeInfo;
}

const cycle: Finding = {
  kind: "dependency_cycle",
  severity: "error",
  key: "t1,t2",
  message: "'Build' waits for 'Ship', which waits for 'Build': these tasks wait for each other in a loop",
  items: [
    { kind: "task", id: "t1" },
    { kind: "task", id: "t2" },
  ],
  caused_by: [change("h1", "Ada", "'Ship' now waits for 'Build'"), change("h2", "Bo", "'Build' now waits for 'Ship'")],
};

const overbooked: Finding = {
  kind: "over_capacity",
  severity: "warning",
  key: "m1/2026-W49",
  message: "Bo is booked 50 h in 2026-W49 against a capacity of 40 h",
  items: [{ kind: "member", id: "m1" }],
  caused_by: [change("h3", "Ada", "Assign 'Build' to Bo")],
};

const checks: PlanChecks = {
  today: "2026-12-01",
  findings: [cycle, overbooked],
  labels: [
    { item: { kind: "task", id: "t1" }, label: "Build" },
    { item: { kind: "task", id: "t2" }, label: "Ship" },
  ],
};

describe("ChecksView", () => {
  beforeEach(() => resetFakeIpc());

  it("lists each finding with its severity, kind, message, items and causes", async () => {
    fakeIpc.views.checks.mockResolvedValue(checks);
    renderWithMantine(<ChecksView projectId="p1" />);

    const cards = await screen.findAllByTestId("finding");
    expect(fakeIpc.views.checks).toHaveBeenCalledWith("p1");
    expect(screen.getByTestId("checks-summary")).toHaveTextContent("1 error, 1 warning as of 2026-12-01");
    expect(cards.map((c) => c.getAttribute("data-finding-kind"))).toEqual(["dependency_cycle", "over_capacity"]);
    const [first, second] = cards as [HTMLElement, HTMLElement];
    expect(within(first).getByTestId("finding-severity")).toHaveTextContent("error");
    expect(within(first).getByTestId("finding-kind")).toHaveTextContent("Dependency cycle");
    expect(within(first).getByTestId("finding-message")).toHaveTextContent("wait for each other in a loop");
    expect(within(first).getAllByTestId("finding-item").map((i) => i.textContent)).toEqual(["Build", "Ship"]);
    const causes = within(first).getAllByTestId("finding-cause");
    expect(causes.map((c) => c.getAttribute("data-author"))).toEqual(["Ada", "Bo"]);
    expect(causes[1]).toHaveTextContent(/^Bo, .* — 'Build' now waits for 'Ship'$/);
    // An item without a label is named by its kind and id.
    expect(within(second).getByTestId("finding-item")).toHaveTextContent("member m1");
    expect(within(second).getByTestId("finding-severity")).toHaveTextContent("warning");
  });

  it("opens an item a finding names", async () => {
    const user = userEvent.setup();
    const onOpenItem = vi.fn();
    fakeIpc.views.checks.mockResolvedValue(checks);
    renderWithMantine(<ChecksView projectId="p1" onOpenItem={onOpenItem} />);
    const [, ship] = await screen.findAllByTestId("finding-item");
    await user.click(ship!);
    expect(onOpenItem).toHaveBeenCalledWith({ kind: "task", id: "t2" }, "Ship");
  });

  it("says so when the plan is sound, and runs again when the project changes", async () => {
    fakeIpc.views.checks.mockResolvedValue({ today: "2026-12-01", findings: [], labels: [] });
    renderWithMantine(<ChecksView projectId="p1" />);
    expect(await screen.findByTestId("checks-clean")).toHaveTextContent("the budget holds");
    expect(screen.getByTestId("checks-summary")).toHaveTextContent("No findings as of 2026-12-01");

    fakeIpc.views.checks.mockResolvedValue(checks);
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    expect(await screen.findAllByTestId("finding")).toHaveLength(2);
    expect(fakeIpc.views.checks).toHaveBeenCalledTimes(2);
  });

  it("shows why the checks could not run", async () => {
    fakeIpc.views.checks.mockRejectedValue(new Error("project p1 is not in this profile"));
    renderWithMantine(<ChecksView projectId="p1" />);
    expect(await screen.findByTestId("checks-error")).toHaveTextContent("project p1 is not in this profile");
  });
});

describe("MergeFindingsNotice", () => {
  beforeEach(() => resetFakeIpc());

  const arrived: MergeFindings = { project: "p1", name: "Apollo", total: 2, findings: [cycle], labels: checks.labels };

  it("tells the findings on what arrived in the current project and opens the checks", async () => {
    const user = userEvent.setup();
    const onOpenChecks = vi.fn();
    renderWithMantine(<MergeFindingsNotice currentProject="p1" onOpenChecks={onOpenChecks} />);
    await act(async () => {}); // the subscription resolves
    expect(fakeIpc.onMergeFindings).toHaveBeenCalled();

    act(() => emit.mergeFindings({ ...arrived, project: "p2" }));
    expect(screen.queryByTestId("merge-findings-notice")).toBeNull();
    act(() => emit.mergeFindings(arrived));
    const notice = await screen.findByTestId("merge-findings-notice");
    expect(notice).toHaveTextContent("Plan checks after the merge: 1 finding on what arrived");
    expect(within(notice).getByTestId("merge-finding")).toHaveTextContent("Dependency cycle: 'Build' waits for 'Ship'");
    await user.click(within(notice).getByTestId("open-checks"));
    expect(onOpenChecks).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("merge-findings-notice")).toBeNull();
  });

  it("lists at most five findings and says how many more", async () => {
    renderWithMantine(<MergeFindingsNotice currentProject="p1" onOpenChecks={() => {}} />);
    await act(async () => {});
    const many = Array.from({ length: 7 }, (_, i) => ({ ...overbooked, key: `m${i}/2026-W49` }));
    act(() => emit.mergeFindings({ ...arrived, total: 9, findings: many }));
    expect(await screen.findAllByTestId("merge-finding")).toHaveLength(5);
    expect(screen.getByTestId("merge-findings-notice")).toHaveTextContent("… and 2 more.");
    expect(screen.getByTestId("open-checks")).toHaveTextContent("Open the checks (9 in the plan)");
  });
});
