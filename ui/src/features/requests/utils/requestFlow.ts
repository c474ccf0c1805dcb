// Client request statuses and priorities as the core names them, the triage workflow the core
// enforces (core/src/requests.rs REQUEST_FLOW), and the queue the triage panel walks through.
import type { RequestView } from "../../../ipc";

export type RequestStatus = RequestView["status"];
export type Priority = RequestView["priority"];

export const REQUEST_STATUSES: { value: RequestStatus; label: string }[] = [
  { value: "new", label: "New" },
  { value: "accepted", label: "Accepted" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "rejected", label: "Rejected" },
  { value: "duplicate", label: "Duplicate" },
];

export const PRIORITIES: { value: Priority; label: string }[] = [
  { value: "low", label: "Low" },
  { value: "normal", label: "Normal" },
  { value: "high", label: "High" },
  { value: "urgent", label: "Urgent" },
];

// A copy of the core's workflow, only to offer the moves the core will accept; the core still decides.
const FLOW: Record<RequestStatus, RequestStatus[]> = {
  new: ["accepted", "rejected", "duplicate"],
  accepted: ["in_progress", "done", "rejected"],
  in_progress: ["done", "accepted"],
  done: ["in_progress"],
  rejected: ["new"],
  duplicate: ["new"],
};

export function statusLabel(status: string): string {
  return REQUEST_STATUSES.find((s) => s.value === status)?.label ?? status;
}

export function priorityLabel(priority: string): string {
  return PRIORITIES.find((p) => p.value === priority)?.label ?? priority;
}

/** The statuses a request may move to next. Duplicate is left out: it needs the original named. */
export function nextStatuses(from: RequestStatus): RequestStatus[] {
  return (FLOW[from] ?? []).filter((s) => s !== "duplicate");
}

/**
 * Whether a request may be marked a duplicate now: the core allows it from new, and a duplicate
 * may be pointed at a different original.
 */
export function canMarkDuplicate(request: RequestView): boolean {
  return !request.deleted && (request.status === "new" || request.status === "duplicate");
}

/**
 * The requests `request` may be marked a duplicate of, as picker options: every other live
 * request, except those already marked duplicates of it (the core refuses that loop). The
 * status is in the label because duplicates often share their original's title.
 */
export function duplicateCandidates(requests: RequestView[], request: RequestView): { value: string; label: string }[] {
  return requests
    .filter((r) => r.id !== request.id && !r.deleted && !(r.status === "duplicate" && r.duplicate_of === request.id))
    .map((r) => ({ value: r.id, label: `${r.title} (${statusLabel(r.status)})` }));
}

/** The title of the request `request` duplicates, or null when it is not a duplicate. */
export function originalTitle(request: RequestView, requests: RequestView[]): string | null {
  if (request.status !== "duplicate" || request.duplicate_of === null) return null;
  const original = requests.find((r) => r.id === request.duplicate_of);
  if (original === undefined) return `an unknown request (${request.duplicate_of})`;
  return original.deleted ? `${original.title} (deleted)` : original.title;
}

/** What a move is called on its button or menu entry. */
export function moveLabel(from: RequestStatus, to: RequestStatus): string {
  if (to === "new") return "Reopen";
  if (to === "accepted" && from === "in_progress") return "Pause";
  if (to === "in_progress") return "Start work";
  if (to === "done") return "Complete";
  if (to === "accepted") return "Accept";
  if (to === "rejected") return "Reject";
  return statusLabel(to);
}

const URGENCY: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/**
 * Untriaged requests in the order triage takes them: most urgent first, then oldest. Deferred
 * ones go to the back of the queue in the order they were deferred, so deferring moves on
 * without losing the request.
 */
export function triageQueue(requests: RequestView[], deferred: readonly string[]): RequestView[] {
  const open = requests.filter((r) => !r.deleted && r.status === "new");
  const rank = (r: RequestView) => deferred.indexOf(r.id);
  return open.slice().sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra === -1 ? -1 : rb === -1 ? 1 : ra - rb;
    const byUrgency = (URGENCY[a.priority] ?? 2) - (URGENCY[b.priority] ?? 2);
    if (byUrgency !== 0) return byUrgency;
    return (a.received ?? "9999").localeCompare(b.received ?? "9999") || a.id.localeCompare(b.id);
  });
}

/** The status filter's choices: every status, plus all live requests and the deleted ones. */
export type RequestFilter = "all" | "deleted" | RequestStatus;

export function filterRequests(requests: RequestView[], filter: RequestFilter): RequestView[] {
  if (filter === "deleted") return requests.filter((r) => r.deleted);
  const live = requests.filter((r) => !r.deleted);
  return filter === "all" ? live : live.filter((r) => r.status === filter);
}
