// Human labels for the core's status values.
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
