// Only the fields the member changed go into the patch.
import { describe, expect, it } from "vitest";
import { meetingPatch, type MeetingDetails } from "./meetingPatch";

const base: MeetingDetails = { title: "Steering", start: 1000, durationMinutes: 60, series: "steering", location: "" };

describe("meetingPatch", () => {
  it("is null when nothing changed (whitespace included)", () => {
    expect(meetingPatch(base, { ...base, title: " Steering " })).toBeNull();
  });

  it("carries only changed fields", () => {
    expect(meetingPatch(base, { ...base, title: "Steering #2", durationMinutes: 90 })).toEqual({
      title: "Steering #2",
      duration_minutes: 90,
    });
    expect(meetingPatch(base, { ...base, start: 2000 })).toEqual({ start: 2000 });
  });

  it("sets and clears the optional fields with Edit values", () => {
    expect(meetingPatch(base, { ...base, series: "", location: "Room 4" })).toEqual({
      series: "clear",
      location: { set: "Room 4" },
    });
  });
});
