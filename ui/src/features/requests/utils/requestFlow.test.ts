// The triage queue's order, the moves offered per status, and the list filter.
import { describe, expect, it } from "vitest";
import type { RequestView } from "../../../ipc";
import { canMarkDuplicate, duplicateCandidates, filterRequests, moveLabel, nextStatuses, originalTitle, triageQueue } from "./requestFlow";

function request(id: string, fields: Partial<RequestView> = {}): RequestView {
  return {
    id,
    title: `Request ${id}`,
    description: "",
    requester: "Client",
    received: "2025-03-01",
    priority: "normal",
    status: "new",
    duplicate_of: null,
    response: "",
    responded_at: null,
    responded_by: null,
    tasks: [],
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as RequestView;
}

describe("triageQueue", () => {
  const requests = [
    request("a", { received: "2025-03-02" }),
    request("b", { received: "2025-03-01" }),
    request("c", { priority: "urgent", received: "2025-03-05" }),
    request("d", { status: "accepted" }),
    request("e", { deleted: true }),
  ];

  it("takes new, live requests, most urgent first, then oldest", () => {
    expect(triageQueue(requests, []).map((r) => r.id)).toEqual(["c", "b", "a"]);
  });

  it("puts deferred requests at the back in the order they were deferred", () => {
    expect(triageQueue(requests, ["c"]).map((r) => r.id)).toEqual(["b", "a", "c"]);
    expect(triageQueue(requests, ["c", "b"]).map((r) => r.id)).toEqual(["a", "c", "b"]);
  });
});

describe("moves", () => {
  it("offers what the core's workflow allows, without duplicate", () => {
    expect(nextStatuses("new")).toEqual(["accepted", "rejected"]);
    expect(nextStatuses("accepted")).toEqual(["in_progress", "done", "rejected"]);
    expect(nextStatuses("duplicate")).toEqual(["new"]);
  });

  it("names moves as actions", () => {
    expect(moveLabel("in_progress", "accepted")).toBe("Pause");
    expect(moveLabel("new", "accepted")).toBe("Accept");
    expect(moveLabel("rejected", "new")).toBe("Reopen");
  });
});

describe("filterRequests", () => {
  const requests = [request("a"), request("b", { status: "done" }), request("c", { deleted: true })];

  it("shows live requests, by status, or only the deleted ones", () => {
    expect(filterRequests(requests, "all").map((r) => r.id)).toEqual(["a", "b"]);
    expect(filterRequests(requests, "done").map((r) => r.id)).toEqual(["b"]);
    expect(filterRequests(requests, "deleted").map((r) => r.id)).toEqual(["c"]);
  });
});

describe("duplicates", () => {
  const a = request("a", { title: "CSV export", status: "accepted" });
  const b = request("b", { title: "Export to CSV" });
  const c = request("c", { title: "Gone", deleted: true });
  const d = request("d", { title: "Same as b", status: "duplicate", duplicate_of: "b" });
  const requests = [a, b, c, d];

  it("may mark new requests and re-point duplicates, nothing else", () => {
    expect(requests.map(canMarkDuplicate)).toEqual([false, true, false, true]);
  });

  it("offers every other live request, not itself nor its own duplicates", () => {
    expect(duplicateCandidates(requests, b)).toEqual([{ value: "a", label: "CSV export (Accepted)" }]);
    expect(duplicateCandidates(requests, d).map((o) => o.value)).toEqual(["a", "b"]);
  });

  it("names the original of a duplicate", () => {
    expect(originalTitle(d, requests)).toBe("Export to CSV");
    expect(originalTitle(b, requests)).toBeNull();
    expect(originalTitle(request("e", { status: "duplicate", duplicate_of: "c" }), requests)).toBe("Gone (deleted)");
    expect(originalTitle(request("f", { status: "duplicate", duplicate_of: "zz" }), requests)).toBe("an unknown request (zz)");
  });
});
