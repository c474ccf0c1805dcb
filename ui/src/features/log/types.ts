// The log entry kinds, named from the generated read model (src/ipc does not re-export LogKind).
import type { LogEntryView } from "../../ipc";

export type LogKind = LogEntryView["kind"];
