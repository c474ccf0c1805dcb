// Read-model values for the meetings tests, shaped as the core serialises them.
import type { MeetingSummary, MeetingView, MemberView } from "../../../ipc";

export function summary(id: string, fields: Partial<MeetingSummary> = {}): MeetingSummary {
  return { id, title: `Meeting ${id}`, series: null, start: 0, duration_minutes: 60, attendee_count: 0, deleted: false, ...fields };
}

export function meetingView(id: string, fields: Partial<MeetingView> = {}): MeetingView {
  const start = fields.start ?? new Date(2025, 2, 4, 10, 0).getTime();
  return {
    id,
    title: `Meeting ${id}`,
    series: null,
    start,
    end: start + 3_600_000,
    duration_minutes: 60,
    location: null,
    attendees: [],
    agenda: [],
    notes: "",
    decisions: [],
    action_items: [],
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  };
}

export function member(id: string, name: string): MemberView {
  return { id, name, role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false };
}
