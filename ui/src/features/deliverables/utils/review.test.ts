// The review moves offered, lateness, and what blocks a sign-off.
import { describe, expect, it } from "vitest";
import type { DeliverableView } from "../../../ipc";
import { isLate, nextReviews, reviewMoveLabel, signOffBlockers } from "./review";

type Crit = DeliverableView["criteria"][number];
const crit = (met: boolean) => ({ id: "c", text: "x", met, met_at: null, met_by: null, order: "a" }) as Crit;

describe("review workflow", () => {
  it("offers what the core allows", () => {
    expect(nextReviews("draft")).toEqual(["in_review"]);
    expect(nextReviews("in_review").map(reviewMoveLabel)).toEqual(["Request changes", "Accept"]);
    expect(nextReviews("accepted")).toEqual(["changes_requested"]);
  });
});

describe("isLate", () => {
  it("is late when due before today and not signed off", () => {
    expect(isLate({ due: "2025-01-01", signoff: null }, "2025-01-02")).toBe(true);
    expect(isLate({ due: "2025-01-02", signoff: null }, "2025-01-02")).toBe(false);
    expect(isLate({ due: null, signoff: null }, "2025-01-02")).toBe(false);
    expect(isLate({ due: "2025-01-01", signoff: { by: "C", member: null, at: null, note: null } }, "2025-01-02")).toBe(false);
  });
});

describe("signOffBlockers", () => {
  it("names the review and the unmet criteria", () => {
    expect(signOffBlockers({ review: "draft", criteria: [crit(false), crit(false), crit(true)] })).toEqual([
      "the review must be accepted",
      "2 criteria are not met",
    ]);
    expect(signOffBlockers({ review: "accepted", criteria: [crit(false)] })).toEqual(["1 criterion is not met"]);
    expect(signOffBlockers({ review: "accepted", criteria: [crit(true)] })).toEqual([]);
  });
});
