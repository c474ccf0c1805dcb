// Human labels for the core's status values, and how hours are shown.
export const STATUS_OPTIONS = [
  { value: "todo", label: "To do" },
  { value: "in_progress", label: "In progress" },
  { value: "blocked", label: "Blocked" },
  { value: "done", label: "Done" },
  { value: "cancelled", label: "Cancelled" },
];

export const MILESTONE_STATUS_OPTIONS = [
  { value: "open", label: "Open" },
  { value: "reached", label: "Reached" },
  { value: "missed", label: "Missed" },
];

export function statusLabel(status: string): string {
  return STATUS_OPTIONS.find((s) => s.value === status)?.label ?? status;
}

/** Hours as the plan shows them: at most two decimals, so summed estimates do not show float noise. */
export function hours(value: number): string {
  return `${Math.round(value * 100) / 100} h`;
}
