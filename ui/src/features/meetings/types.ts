// Names for the parts of the meeting read model and commands this feature handles, derived from
// the generated types that src/ipc re-exports (it does not re-export these nested ones).
import type { Command, MeetingView } from "../../ipc";

export type AgendaItemView = MeetingView["agenda"][number];
export type ActionItemView = MeetingView["action_items"][number];
export type Attendee = MeetingView["attendees"][number];
export type MeetingDecision = MeetingView["decisions"][number];
export type MeetingCommand = Extract<Command, { area: "meeting" }>["command"];
export type MeetingPatch = Extract<MeetingCommand, { action: "update" }>["patch"];
