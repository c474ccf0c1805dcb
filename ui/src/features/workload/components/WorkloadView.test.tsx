// The workload grid against a fake IPC: members × weeks, over-allocation, the week picker, capacity edits.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WorkloadView as Workload } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { WorkloadView } from "./WorkloadView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);
vi.setConfig({ testTimeout: 20000 });

/** Weeks from the Monday `from`, with the hours per week for Ann; Bo has nothing planned. */
function workload(from: string, labels: string[], annHours: number[]): Workload {
  const cells = (hours: number[], capacity: number) =>
    labels.map((week, i) => ({ week, hours: hours[i] ?? 0, capacity, over: (hours[i] ?? 0) > capacity }));
  return {
    from,
    weeks: labels,
    rows: [
      { member: "m1", name: "Ann", active: true, capacity_hours: 40, cells: cells(annHours, 40), unscheduled: 6 },
      { member: "m2", name: "Bo", active: false, capacity_hours: 20, cells: cells([], 20), unscheduled: 0 },
    ],
  } as Workload;
}

const weekLabels = (first: number, n: number) =>
  Array.from({ length: n }, (_, i) => `2026-W${String(first + i).padStart(2, "0")}`);

function cell(member: string, week: string): HTMLElement {
  const found = screen
    .getAllByTestId("workload-cell")
    .find((c) => c.dataset.member === member && c.dataset.week === week);
  if (!found) throw new Error(`no cell ${member} ${week}`);
  return found;
}

describe("WorkloadView", () => {
  beforeEach(() => {
    resetFakeIpc();
    // Only the date is fixed (a Wednesday); timers stay real so Testing Library can wait.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 0, 7, 10, 0));
    fakeIpc.views.workload.mockImplementation(async (_p, from, weeks) =>
      from === "2026-01-05"
        ? workload(from, weekLabels(2, weeks), [44.5, 12])
        : workload(from, weekLabels(from === "2026-01-12" ? 3 : 1, weeks), []),
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads eight weeks from this Monday and shows hours against capacity, over-allocation in red", async () => {
    renderWithMantine(<WorkloadView projectId="p1" />);
    expect(await screen.findByTestId("workload-grid")).toBeInTheDocument();
    expect(fakeIpc.views.workload).toHaveBeenCalledWith("p1", "2026-01-05", 8);
    expect(screen.getAllByTestId("workload-cell")).toHaveLength(16);

    const over = cell("m1", "2026-W02");
    expect(over).toHaveAttribute("data-over", "true");
    expect(over).toHaveTextContent("44.5 / 40 h");
    expect(within(over).getByTestId("workload-overload")).toHaveTextContent("+4.5 h over");
    expect(cell("m1", "2026-W03")).toHaveAttribute("data-over", "false");
    expect(cell("m1", "2026-W03")).toHaveTextContent("12 / 40 h");
    expect(cell("m2", "2026-W02")).toHaveTextContent("0 / 20 h");
    expect(screen.getByText("Bo (inactive)")).toBeInTheDocument();
    expect(screen.getAllByTestId("workload-unscheduled").map((c) => c.textContent)).toEqual(["6 h", "0 h"]);
    expect(screen.getByText("2026-01-12")).toBeInTheDocument();
  });

  it("moves week by week, back to this week, and changes the span", async () => {
    const user = userEvent.setup();
    renderWithMantine(<WorkloadView projectId="p1" />);
    await screen.findByTestId("workload-grid");

    await user.click(screen.getByTestId("workload-next"));
    await waitFor(() => expect(screen.getByTestId("workload-from")).toHaveTextContent("2026-01-12"));
    await waitFor(() => expect(cell("m1", "2026-W03")).toHaveTextContent("0 / 40 h"));
    await user.click(screen.getByTestId("workload-previous"));
    await user.click(screen.getByTestId("workload-previous"));
    await waitFor(() => expect(screen.getByTestId("workload-from")).toHaveTextContent("2025-12-29"));
    await user.click(screen.getByTestId("workload-today"));
    await user.click(screen.getByRole("radio", { name: "12 weeks" }));
    await waitFor(() => expect(screen.getAllByTestId("workload-cell")).toHaveLength(24));

    expect(fakeIpc.views.workload.mock.calls.map(([, from, weeks]) => `${from}×${weeks}`)).toEqual([
      "2026-01-05×8",
      "2026-01-12×8",
      "2026-01-05×8",
      "2025-12-29×8",
      "2026-01-05×8",
      "2026-01-05×12",
    ]);
  });

  it("changes a member's weekly capacity", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue({ summary: "ok", created: null, changed: true });
    renderWithMantine(<WorkloadView projectId="p1" />);
    const input = await screen.findByLabelText("Weekly capacity of Ann");

    await user.clear(input);
    await user.type(input, "32{Enter}");
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "project",
      command: { action: "update_member", id: "m1", patch: { capacity_hours: 32 } },
    });
  });

  it("refuses a capacity that is not hours, and shows the core's refusal", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockRejectedValue(new Error("capacity must not be negative"));
    renderWithMantine(<WorkloadView projectId="p1" />);
    const input = await screen.findByLabelText("Weekly capacity of Bo");

    await user.clear(input);
    await user.type(input, "lots{Enter}");
    expect(await screen.findByText("Enter hours per week, like 40 or 32.5")).toBeInTheDocument();
    expect(fakeIpc.execute).not.toHaveBeenCalled();
    await user.clear(input);
    await user.type(input, "10{Enter}");
    expect(await screen.findByText("capacity must not be negative")).toBeInTheDocument();
    expect(input).toHaveValue("10");
  });

  it("says how to fill an empty grid", async () => {
    fakeIpc.views.workload.mockResolvedValue({ from: "2026-01-05", weeks: weekLabels(2, 8), rows: [] } as Workload);
    renderWithMantine(<WorkloadView projectId="p1" />);
    expect(await screen.findByText(/No members yet/)).toBeInTheDocument();
  });

  it("reloads when tasks or members change", async () => {
    renderWithMantine(<WorkloadView projectId="p1" />);
    await screen.findByTestId("workload-grid");
    act(() => emit.projectChanged("p1", [{ kind: "risk", id: "r1" }]));
    expect(fakeIpc.views.workload).toHaveBeenCalledTimes(1);
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    await waitFor(() => expect(fakeIpc.views.workload).toHaveBeenCalledTimes(2));
  });

  it("shows why the workload cannot be loaded", async () => {
    fakeIpc.views.workload.mockRejectedValue(new Error("weeks must be between 1 and 26"));
    renderWithMantine(<WorkloadView projectId="p1" />);
    expect(await screen.findByText("weeks must be between 1 and 26")).toBeInTheDocument();
  });
});
