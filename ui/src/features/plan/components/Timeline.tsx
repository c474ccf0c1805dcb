// The timeline: frappe-gantt bars for dated tasks and milestones, dependency arrows, the critical path, drag to reschedule.
import { Alert, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import Gantt, { type GanttTask } from "frappe-gantt";
import { useEffect, useMemo, useRef, useState } from "react";
import type { MilestoneView, TaskView } from "../../../ipc";
import { useRun } from "../hooks/useRun";
import { dateChangeCommand, toTimeline } from "../utils/timeline";
import { CommandError } from "./Loadable";
import "./timeline.css";

const VIEW_MODES = ["Day", "Week", "Month"] as const;
type ViewMode = (typeof VIEW_MODES)[number];

type Props = { projectId: string; tasks: TaskView[]; milestones: MilestoneView[] };

/** frappe-gantt writes into the objects it is given (parsed dates, arrays), so it gets copies. */
const copies = (bars: GanttTask[]) => bars.map((b) => ({ ...b }));

export function Timeline({ projectId, tasks, milestones }: Props) {
  const { run, error, clearError } = useRun(projectId);
  const { bars, undated, critical } = useMemo(() => toTimeline(tasks, milestones), [tasks, milestones]);
  const [viewMode, setViewMode] = useState<ViewMode>("Week");
  const [chartError, setChartError] = useState<string | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const gantt = useRef<Gantt | null>(null);
  // The chart's callbacks are bound once; they read the current bars and command runner from here.
  const latest = useRef({ bars, run });
  latest.current = { bars, run };

  useEffect(() => {
    const el = container.current;
    if (!el || bars.length === 0) return;
    try {
      if (gantt.current === null) {
        gantt.current = new Gantt(el, copies(bars), {
          view_mode: viewMode,
          readonly_progress: true,
          today_button: true,
          // Open on this week's work rather than on the empty weeks before the first bar.
          scroll_to: "today",
          container_height: "auto",
          on_date_change: (bar, start, end) => void onDateChange(bar.id, start, end),
        });
      } else {
        gantt.current.refresh(copies(bars));
      }
      setChartError(null);
    } catch (e) {
      setChartError(e instanceof Error ? e.message : String(e));
    }
    // viewMode is applied by its own effect; re-creating the chart would lose the scroll position.
  }, [bars]);

  useEffect(() => {
    gantt.current?.change_view_mode(viewMode, true);
  }, [viewMode]);

  // The container is unmounted with the chart inside it; forget the instance so a remount makes a new one.
  useEffect(() => () => void (gantt.current = null), []);

  async function onDateChange(id: string, start: Date, end: Date) {
    const bar = latest.current.bars.find((b) => b.id === id);
    if (!bar) return;
    const command = dateChangeCommand(bar, start, end);
    if (command === null) return;
    // Refused: put the bar back where the plan says it is.
    if (!(await latest.current.run(command))) gantt.current?.refresh(copies(latest.current.bars));
  }

  const titles = new Map(tasks.map((t) => [t.id, t.title]));
  const name = (id: string) => titles.get(id) ?? id;

  return (
    <Stack gap="sm">
      <CommandError error={error} onClose={clearError} />
      {chartError && (
        <Alert color="red" title="The chart could not be drawn">
          {chartError}
        </Alert>
      )}
      {critical.cycles.map((cycle) => (
        <Alert key={cycle.join()} color="orange" title="Dependency cycle" data-testid="timeline-cycle">
          {[...cycle, cycle[0]].map((id) => name(id as string)).join(" waits for ")}: remove one of these dependencies.
          Tasks in or after a cycle are left out of the critical path.
        </Alert>
      ))}
      <Group justify="space-between">
        <Text data-testid="critical-path" size="sm">
          {critical.path.length === 0
            ? "Critical path: none yet (add tasks and dependencies)."
            : `Critical path (${critical.days} working day${critical.days === 1 ? "" : "s"}): ${critical.path.map(name).join(" → ")}`}
        </Text>
        <SegmentedControl
          size="xs"
          data={[...VIEW_MODES]}
          value={viewMode}
          onChange={(v) => setViewMode(v as ViewMode)}
          aria-label="Timeline scale"
        />
      </Group>
      {bars.length === 0 ? (
        <Text c="dimmed" data-testid="timeline-empty">
          Nothing to draw yet. Give a task a start or due date (edit it in the task tree), or add a milestone.
        </Text>
      ) : null}
      <div ref={container} data-testid="timeline" style={{ display: bars.length === 0 ? "none" : undefined }} />
      {undated.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="timeline-undated">
          {undated.length} task{undated.length === 1 ? "" : "s"} without dates: {undated.map((t) => t.title).join(", ")}
        </Text>
      )}
    </Stack>
  );
}
