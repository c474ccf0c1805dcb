// The risk form's values and the core's command fields they become; edits send only what changed.
import type { Command, RiskView } from "../../../ipc";

type RiskCommand = Extract<Command, { area: "risk" }>["command"];
/** The core's `RiskPatch`, as the `update` command carries it. */
export type RiskPatch = Extract<RiskCommand, { action: "update" }>["patch"];

export type RiskFormValues = {
  title: string;
  probability: string;
  impact: string;
  /** A member id, or "" for none. */
  owner: string;
  /** `YYYY-MM-DD`, or "" for none. */
  review: string;
  mitigation: string;
  description: string;
};

export const EMPTY_RISK: RiskFormValues = {
  title: "",
  probability: "3",
  impact: "3",
  owner: "",
  review: "",
  mitigation: "",
  description: "",
};

export function newRisk(v: RiskFormValues) {
  return {
    title: v.title.trim(),
    description: v.description,
    mitigation: v.mitigation,
    probability: Number(v.probability),
    impact: Number(v.impact),
    owner: v.owner === "" ? null : v.owner,
    review: v.review === "" ? null : v.review,
  };
}

export function riskForm(r: RiskView): RiskFormValues {
  return {
    title: r.title,
    probability: String(r.probability),
    impact: String(r.impact),
    owner: r.owner ?? "",
    review: r.review ?? "",
    mitigation: r.mitigation,
    description: r.description,
  };
}

/** Only the changed fields; `{}` when nothing changed. */
export function riskPatch(r: RiskView, v: RiskFormValues): RiskPatch {
  const n = newRisk(v);
  const patch: RiskPatch = {};
  if (n.title !== r.title) patch.title = n.title;
  if (n.probability !== r.probability) patch.probability = n.probability;
  if (n.impact !== r.impact) patch.impact = n.impact;
  if (n.owner !== r.owner) patch.owner = n.owner === null ? "clear" : { set: n.owner };
  if (n.review !== r.review) patch.review = n.review === null ? "clear" : { set: n.review };
  if (n.mitigation !== r.mitigation) patch.mitigation = n.mitigation;
  if (n.description !== r.description) patch.description = n.description;
  return patch;
}

export const PROBABILITY_LABELS = ["", "1 · rare", "2 · unlikely", "3 · possible", "4 · likely", "5 · almost certain"];
export const IMPACT_LABELS = ["", "1 · negligible", "2 · minor", "3 · moderate", "4 · major", "5 · severe"];

/** The moves the core's risk workflow allows from each status, with what the menu calls them. */
const RISK_NEXT: Record<string, { status: RiskView["status"]; label: string }[]> = {
  open: [
    { status: "mitigating", label: "Start mitigating" },
    { status: "occurred", label: "Mark occurred" },
    { status: "closed", label: "Close" },
  ],
  mitigating: [
    { status: "open", label: "Back to open" },
    { status: "occurred", label: "Mark occurred" },
    { status: "closed", label: "Close" },
  ],
  occurred: [
    { status: "mitigating", label: "Start mitigating" },
    { status: "closed", label: "Close" },
  ],
  closed: [{ status: "open", label: "Reopen" }],
};

export function nextRiskStatuses(status: string) {
  return RISK_NEXT[status] ?? [];
}
