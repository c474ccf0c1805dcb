// The MeetingPatch for what the member changed in the details form: only changed fields, so a
// concurrent edit of another field by someone else is not overwritten with the old value.
import type { MeetingView } from "../../../ipc";
import type { MeetingPatch } from "../types";

export type MeetingDetails = {
  title: string;
  start: number;
  durationMinutes: number;
  series: string;
  location: string;
};

export function detailsOf(m: MeetingView): MeetingDetails {
  return {
    title: m.title,
    start: m.start,
    durationMinutes: m.duration_minutes,
    series: m.series ?? "",
    location: m.location ?? "",
  };
}

/** null when nothing changed. Blank series or location clears it. */
export function meetingPatch(before: MeetingDetails, after: MeetingDetails): MeetingPatch | null {
  const patch: MeetingPatch = {};
  if (after.title.trim() !== before.title) patch.title = after.title.trim();
  if (after.start !== before.start) patch.start = after.start;
  if (after.durationMinutes !== before.durationMinutes) patch.duration_minutes = after.durationMinutes;
  const series = after.series.trim();
  if (series !== before.series) patch.series = series === "" ? "clear" : { set: series };
  const location = after.location.trim();
  if (location !== before.location) patch.location = location === "" ? "clear" : { set: location };
  return Object.keys(patch).length === 0 ? null : patch;
}
