// The issue edit form's values and the `IssuePatch` they become; an edit sends only what changed.
import type { Command, IssueView } from "../../../ipc";

type RiskCommand = Extract<Command, { area: "risk" }>["command"];
/** The core's `IssuePatch`, as the `update_issue` command carries it. */
export type IssuePatch = Extract<RiskCommand, { action: "update_issue" }>["patch"];

export type IssueFormValues = {
  title: string;
  description: string;
  /** People or organisations outside the team, separated by commas. */
  externalParties: string;
  resolution: string;
};

export function issueForm(issue: IssueView): IssueFormValues {
  return {
    title: issue.title,
    description: issue.description,
    externalParties: issue.external_parties.join(", "),
    resolution: issue.resolution,
  };
}

/** Comma-separated names as a list: trimmed, blanks dropped, each name once. */
export function parseParties(text: string): string[] {
  const names: string[] = [];
  for (const part of text.split(",")) {
    const name = part.trim();
    if (name !== "" && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Why the form cannot be saved as it is, per field; empty when it can. */
export function issueProblems(issue: IssueView, v: IssueFormValues): { title?: string; resolution?: string } {
  const problems: { title?: string; resolution?: string } = {};
  if (v.title.trim() === "") problems.title = "An issue needs a title.";
  if (issue.status === "resolved" && v.resolution.trim() === "") {
    problems.resolution = "A resolved issue keeps its resolution; reopen the issue to clear it.";
  }
  return problems;
}

/** Only the changed fields; `{}` when nothing changed. */
export function issuePatch(issue: IssueView, v: IssueFormValues): IssuePatch {
  const patch: IssuePatch = {};
  const title = v.title.trim();
  if (title !== issue.title) patch.title = title;
  if (v.description !== issue.description) patch.description = v.description;
  const external = parseParties(v.externalParties);
  const sameExternal = external.length === issue.external_parties.length && external.every((n, i) => n === issue.external_parties[i]);
  if (!sameExternal) patch.external_parties = external;
  if (v.resolution !== issue.resolution) patch.resolution = v.resolution;
  return patch;
}
