// The timeline against a fake frappe-gantt (jsdom cannot lay out its SVG): what it is given, and what a drag sends.
import { MantineProvider } from "@mantine/core";
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { flatTasks, memberView, milestoneView, node, taskView } from "../testData";
import { PlanView } from "./PlanView";
import { Timeline } from "./Timeline";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

type Bar = { id: string; start: string; end: string; dependencies?: string; custom_class?: string };
type Options = { on_date_change?: (bar: Bar, start: Date, end: Date) => void; view_mode?: string; scroll_to?: string };

const gantt = vi.hoisted(() => ({
  instances: [] as { element: HTMLElement; bars: unknown[]; options: Record<string, unknown>; refreshed: unknown[][]; modes: string[] }[],
}));
vi.mock("frappe-gantt", () => ({
  default: class FakeGantt {
    record: (typeof gantt.instances)[number];
    constructor(element: HTMLElement, bars: unknown[], options: Record<string, unknown>) {
      this.record = { element, bars, options, refreshed: [], modes: [] };
      gantt.instances.push(this.record);
    }
    refresh(bars: unknown[]) {
      this.record.refreshed.push(bars);
    }
    change_view_mode(mode: string) {
      this.record.modes.push(mode);
    }
  },
}));

const chart = () => {
  const g = gantt.instances.at(-1);
  if (!g) throw new Error("no chart was made");
  return { bars: g.bars as Bar[], options: g.options as Options, record: g };
};

const tasks = [
  taskView("a", { title: "Design", start: "2026-03-02", due: "2026-03-04", estimate: 24 }),
  taskView("b", { title: "Build", due: "2026-03-10", estimate: 16, depends_on: ["a"], milestone: "m1" }),
  taskView("c", { title: "Someday" }),
];
const milestones = [milestoneView("m1", { title: "Beta", due: "2026-03-13" })];

describe("Timeline", () => {
  beforeEach(() => {
    resetFakeIpc();
    gantt.instances.length = 0;
  });

  it("draws dated tasks and milestones, lists undated tasks and names the critical path", () => {
    renderWithMantine(<Timeline projectId="p1" tasks={tasks} milestones={milestones} />);
    const { bars, options } = chart();
    expect(chart().record.element).toBe(screen.getByTestId("timeline"));
    expect(bars.map((b) => [b.id, b.start, b.end, b.dependencies, b.custom_class])).toEqual([
      ["a", "2026-03-02", "2026-03-04", "", "plan-critical"],
      ["b", "2026-03-09", "2026-03-10", "a", "plan-critical"],
      ["ms_m1", "2026-03-13", "2026-03-13", "b", "plan-milestone"],
    ]);
    expect(options.view_mode).toBe("Week");
    expect(options.scroll_to).toBe("today");
    expect(screen.getByTestId("critical-path")).toHaveTextContent(
      "Critical path (5 working days): Design → Build",
    );
    expect(screen.getByTestId("timeline-undated")).toHaveTextContent("1 task without dates: Someday");
  });

  it("reschedules a dragged task through the core", async () => {
    fakeIpc.execute.mockResolvedValue({} as never);
    renderWithMantine(<Timeline projectId="p1" tasks={tasks} milestones={milestones} />);
    const { bars, options } = chart();
    await act(async () =>
      options.on_date_change?.(bars[1] as Bar, new Date("2026-03-10T00:00:00"), new Date("2026-03-11T23:59:59")),
    );
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "task",
      command: { action: "update", id: "b", patch: { start: { set: "2026-03-10" }, due: { set: "2026-03-11" } } },
    });
  });

  it("moves a milestone's date, and puts a refused bar back with the core's message", async () => {
    fakeIpc.execute.mockRejectedValue(new Error("milestone m1 not found"));
    renderWithMantine(<Timeline projectId="p1" tasks={tasks} milestones={milestones} />);
    const { bars, options } = chart();
    await act(async () =>
      options.on_date_change?.(bars[2] as Bar, new Date("2026-03-16T00:00:00"), new Date("2026-03-16T23:59:59")),
    );
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "milestone",
      command: { action: "update", id: "m1", due: "2026-03-16" },
    });
    expect(await screen.findByText("milestone m1 not found")).toBeInTheDocument();
    expect(chart().record.refreshed.at(-1)).toEqual(bars);
  });

  it("updates the chart in place when the plan changes, and switches the scale", async () => {
    const user = userEvent.setup();
    const { rerender } = renderWithMantine(<Timeline projectId="p1" tasks={tasks} milestones={[]} />);
    rerender(
      <MantineProvider>
        <Timeline projectId="p1" tasks={tasks.slice(0, 1)} milestones={[]} />
      </MantineProvider>,
    );
    expect(gantt.instances).toHaveLength(1);
    expect((chart().record.refreshed.at(-1) as Bar[]).map((b) => b.id)).toEqual(["a"]);
    await user.click(screen.getByText("Week"));
    expect(chart().record.modes).toContain("Week");
  });

  it("reports a dependency cycle instead of a path through it", () => {
    const cyclic = [
      taskView("x", { title: "X", due: "2026-03-02", depends_on: ["y"] }),
      taskView("y", { title: "Y", due: "2026-03-03", depends_on: ["x"] }),
    ];
    renderWithMantine(<Timeline projectId="p1" tasks={cyclic} milestones={[]} />);
    expect(screen.getByTestId("timeline-cycle")).toHaveTextContent("X waits for Y waits for X");
    expect(screen.getByTestId("critical-path")).toHaveTextContent("Critical path: none yet");
  });

  it("says how to get bars when nothing has dates", () => {
    renderWithMantine(<Timeline projectId="p1" tasks={[taskView("c", { title: "Someday" })]} milestones={[]} />);
    expect(screen.getByTestId("timeline-empty")).toHaveTextContent("Nothing to draw yet.");
    expect(gantt.instances).toHaveLength(0);
  });

  it("is the plan's timeline tab", async () => {
    const user = userEvent.setup();
    fakeIpc.views.tasks.mockResolvedValue(flatTasks([node("a", [], { title: "Design", due: "2026-03-04" })]));
    fakeIpc.views.milestones.mockResolvedValue([]);
    fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann")]);
    renderWithMantine(<PlanView projectId="p1" />);
    await user.click(screen.getByTestId("plan-tab-timeline"));
    await waitFor(() => expect(screen.getByTestId("critical-path")).toHaveTextContent("Design"));
    expect(chart().bars.map((b) => b.id)).toEqual(["a"]);
  });
});
