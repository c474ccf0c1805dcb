// Risk levels and the cell filter, as tables.
import { describe, expect, it } from "vitest";
import type { RiskView } from "../../../ipc";
import { riskLevel, visibleRisks } from "./matrix";

describe("riskLevel", () => {
  it.each([
    [1, "Low"],
    [4, "Low"],
    [5, "Medium"],
    [9, "Medium"],
    [10, "High"],
    [16, "High"],
    [20, "Critical"],
    [25, "Critical"],
  ])("score %d → %s", (score, label) => {
    expect(riskLevel(score).label).toBe(label);
  });
});

function risk(id: string, probability: number, impact: number, fields: Partial<RiskView> = {}): RiskView {
  return {
    id,
    title: id,
    description: "",
    mitigation: "",
    probability,
    impact,
    score: probability * impact,
    owner: null,
    review: null,
    status: "open",
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as RiskView;
}

describe("visibleRisks", () => {
  const all = [
    risk("a", 3, 4),
    risk("b", 3, 4, { status: "closed" }),
    risk("c", 3, 4, { deleted: true }),
    risk("d", 2, 4, { status: "mitigating" }),
  ];

  it("lists every live risk when no cell is selected", () => {
    expect(visibleRisks(all, null).map((r) => r.id)).toEqual(["a", "b", "d"]);
  });

  it("lists what the selected cell counts", () => {
    expect(visibleRisks(all, { probability: 3, impact: 4 }).map((r) => r.id)).toEqual(["a"]);
    expect(visibleRisks(all, { probability: 2, impact: 4 }).map((r) => r.id)).toEqual(["d"]);
    expect(visibleRisks(all, { probability: 1, impact: 1 })).toEqual([]);
  });
});
