// The issue edit form: what an issue shows in it, the patch of only the changed fields, and what
// stops it from being saved.
import { describe, expect, it } from "vitest";
import type { IssueView } from "../../../ipc";
import { issueForm, issuePatch, issueProblems, parseParties } from "./issueForm";

function issue(fields: Partial<IssueView> = {}): IssueView {
  return {
    id: "i1",
    title: "Budget dispute",
    description: "Who pays for the venue",
    parties: [],
    external_parties: ["Venue Ltd"],
    severity: "medium",
    status: "open",
    resolution: "",
    raised_at: null,
    resolved_at: null,
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as IssueView;
}

describe("issuePatch", () => {
  it("is empty when nothing changed", () => {
    const i = issue({ external_parties: ["Venue Ltd", "Caterer"] });
    expect(issuePatch(i, issueForm(i))).toEqual({});
  });

  it("carries only the changed fields, the title trimmed", () => {
    const i = issue();
    expect(issuePatch(i, { ...issueForm(i), title: "  Venue costs " })).toEqual({ title: "Venue costs" });
    expect(issuePatch(i, { ...issueForm(i), description: "", resolution: "Split it" })).toEqual({ description: "", resolution: "Split it" });
  });

  it("sends the outside parties as a list when the names or their order change", () => {
    const i = issue();
    expect(issuePatch(i, { ...issueForm(i), externalParties: " Venue Ltd ,, " })).toEqual({});
    expect(issuePatch(i, { ...issueForm(i), externalParties: "Caterer, Venue Ltd" })).toEqual({ external_parties: ["Caterer", "Venue Ltd"] });
    expect(issuePatch(i, { ...issueForm(i), externalParties: "" })).toEqual({ external_parties: [] });
  });
});

describe("parseParties", () => {
  it("trims, drops blanks and repeats", () => {
    expect(parseParties(" Ann ,Bo,, Ann ,")).toEqual(["Ann", "Bo"]);
    expect(parseParties("")).toEqual([]);
  });
});

describe("issueProblems", () => {
  it("needs a title, and a resolution once resolved", () => {
    const open = issue();
    expect(issueProblems(open, issueForm(open))).toEqual({});
    expect(issueProblems(open, { ...issueForm(open), title: "  " })).toEqual({ title: "An issue needs a title." });
    const resolved = issue({ status: "resolved", resolution: "Split 50/50" });
    expect(issueProblems(resolved, { ...issueForm(resolved), resolution: " " }).resolution).toMatch(/reopen the issue/);
  });
});
