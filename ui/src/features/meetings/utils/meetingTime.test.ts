// Meeting times between UTC milliseconds and the local datetime-local format; list order.
import { describe, expect, it } from "vitest";
import { formatMeetingTime, fromLocalInput, newestFirst, nextFullHour, toLocalInput } from "./meetingTime";

describe("meeting times", () => {
  it("round-trips a local date and time", () => {
    const at = new Date(2025, 2, 4, 9, 30).getTime();
    expect(toLocalInput(at)).toBe("2025-03-04T09:30");
    expect(fromLocalInput("2025-03-04T09:30")).toBe(at);
  });

  it.each(["", "2025-03-04", "2025-02-30T10:00", "2025-13-01T10:00", "soon"])("rejects %j", (value) => {
    expect(fromLocalInput(value)).toBeNull();
  });

  it("formats start and end, with the end's date only when it differs", () => {
    const at = new Date(2025, 2, 4, 10, 0).getTime();
    expect(formatMeetingTime(at, 90)).toBe("2025-03-04 10:00–11:30");
    const late = new Date(2025, 2, 4, 23, 30).getTime();
    expect(formatMeetingTime(late, 60)).toBe("2025-03-04 23:30–2025-03-05 00:30");
  });

  it("lists newest first, ties by id", () => {
    const list = [
      { id: "m1", start: 100 },
      { id: "m3", start: 300 },
      { id: "m2", start: 300 },
    ];
    expect(newestFirst(list).map((m) => m.id)).toEqual(["m2", "m3", "m1"]);
  });

  it("proposes the next full hour", () => {
    expect(nextFullHour(new Date(2025, 2, 4, 9, 41))).toBe(new Date(2025, 2, 4, 10, 0).getTime());
  });
});
