// The decision workflow and the commands an edit becomes.
import { describe, expect, it } from "vitest";
import { decisionPatch, emptyDraft, linkChanges, NEXT_STATUS, type DecisionDraft } from "./decisionFlow";

const base: DecisionDraft = {
  ...emptyDraft,
  title: "Use Postgres",
  context: "We need a database",
  decision: "Postgres 16",
  decidedBy: "ann",
  decidedAt: "2025-03-01",
  meetings: ["m1"],
  tasks: ["t1", "t2"],
};

describe("decision workflow", () => {
  it("mirrors the core's transitions", () => {
    expect(NEXT_STATUS.proposed.map((n) => n.to)).toEqual(["accepted", "rejected"]);
    expect(NEXT_STATUS.accepted.map((n) => n.to)).toEqual(["superseded"]);
    expect(NEXT_STATUS.rejected.map((n) => n.to)).toEqual(["proposed"]);
    expect(NEXT_STATUS.superseded).toEqual([]);
  });
});

describe("decisionPatch", () => {
  it("is null when nothing changed", () => {
    expect(decisionPatch(base, { ...base, title: "Use Postgres " })).toBeNull();
  });

  it("carries the changed text fields as they are", () => {
    expect(decisionPatch(base, { ...base, decision: "Postgres 17", alternatives: "MySQL" })).toEqual({
      decision: "Postgres 17",
      alternatives: "MySQL",
    });
  });

  it("sets and clears who decided and when", () => {
    expect(decisionPatch(base, { ...base, decidedBy: "bo", decidedAt: "" })).toEqual({
      decided_by: { set: "bo" },
      decided_at: "clear",
    });
    expect(decisionPatch(base, { ...base, decidedBy: null, decidedAt: "2025-03-02" })).toEqual({
      decided_by: "clear",
      decided_at: { set: "2025-03-02" },
    });
  });
});

describe("linkChanges", () => {
  it("lists what to link and unlink", () => {
    expect(linkChanges(["t1", "t2"], ["t2", "t3"])).toEqual({ add: ["t3"], remove: ["t1"] });
    expect(linkChanges([], [])).toEqual({ add: [], remove: [] });
  });
});
