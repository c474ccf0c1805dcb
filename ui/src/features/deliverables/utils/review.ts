// The deliverable review workflow as the core enforces it (core/src/deliverables.rs REVIEW_FLOW),
// its labels, and when a deliverable counts as late.
import type { DeliverableView } from "../../../ipc";

export type ReviewStatus = DeliverableView["review"];

const REVIEW_LABELS: Record<ReviewStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  accepted: "Accepted",
};

// A copy of the core's workflow, only to offer the moves the core will accept; the core still decides.
const FLOW: Record<ReviewStatus, ReviewStatus[]> = {
  draft: ["in_review"],
  in_review: ["changes_requested", "accepted"],
  changes_requested: ["in_review"],
  accepted: ["changes_requested"],
};

export function reviewLabel(review: string): string {
  return REVIEW_LABELS[review as ReviewStatus] ?? review;
}

export function nextReviews(from: ReviewStatus): ReviewStatus[] {
  return FLOW[from] ?? [];
}

/** What the button that moves the review to `to` says. */
export function reviewMoveLabel(to: ReviewStatus): string {
  if (to === "in_review") return "Submit for review";
  if (to === "changes_requested") return "Request changes";
  if (to === "accepted") return "Accept";
  return reviewLabel(to);
}

/** `YYYY-MM-DD` of `date` in the local time zone: due dates are calendar days. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Due before `today` and not signed off yet. */
export function isLate(d: Pick<DeliverableView, "due" | "signoff">, today: string): boolean {
  return d.due !== null && d.due < today && d.signoff === null;
}

/** What stands between a deliverable and its sign-off, in words; empty when it can be signed off. */
export function signOffBlockers(d: Pick<DeliverableView, "review" | "criteria">): string[] {
  const out: string[] = [];
  if (d.review !== "accepted") out.push("the review must be accepted");
  const unmet = d.criteria.filter((c) => !c.met).length;
  if (unmet > 0) out.push(`${unmet} criteri${unmet === 1 ? "on is" : "a are"} not met`);
  return out;
}
