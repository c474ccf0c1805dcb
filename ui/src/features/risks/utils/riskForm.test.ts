// From the risk form to the core's fields, as tables.
import { describe, expect, it } from "vitest";
import type { RiskView } from "../../../ipc";
import { EMPTY_RISK, newRisk, nextRiskStatuses, riskForm, riskPatch } from "./riskForm";

const risk = {
  id: "r1",
  title: "Venue falls through",
  description: "",
  mitigation: "Hold a second venue",
  probability: 2,
  impact: 5,
  score: 10,
  owner: "m1",
  review: null,
  status: "open",
  created_at: null,
  created_by: null,
  deleted: false,
} as RiskView;

describe("newRisk", () => {
  it("converts the scales and empties to null", () => {
    expect(newRisk({ ...EMPTY_RISK, title: " Rain ", probability: "4", impact: "2" })).toEqual({
      title: "Rain",
      description: "",
      mitigation: "",
      probability: 4,
      impact: 2,
      owner: null,
      review: null,
    });
  });
});

describe("riskPatch", () => {
  it("is empty when nothing changed", () => {
    expect(riskPatch(risk, riskForm(risk))).toEqual({});
  });

  it("carries the changed fields, clearing and setting optional ones", () => {
    expect(riskPatch(risk, { ...riskForm(risk), probability: "4", owner: "", review: "2026-05-01", mitigation: "Book now" })).toEqual({
      probability: 4,
      owner: "clear",
      review: { set: "2026-05-01" },
      mitigation: "Book now",
    });
  });
});

describe("nextRiskStatuses", () => {
  it.each([
    ["open", ["mitigating", "occurred", "closed"]],
    ["mitigating", ["open", "occurred", "closed"]],
    ["occurred", ["mitigating", "closed"]],
    ["closed", ["open"]],
    ["unknown", []],
  ])("%s → %j", (status, next) => {
    expect(nextRiskStatuses(status).map((n) => n.status)).toEqual(next);
  });
});
