// Names for the parts of the decision read model and commands this feature handles, derived from
// the generated types that src/ipc re-exports (it does not re-export these nested ones).
import type { Command, DecisionView } from "../../ipc";

export type DecisionStatus = DecisionView["status"];
export type DecisionCommand = Extract<Command, { area: "decision" }>["command"];
export type DecisionPatch = Extract<DecisionCommand, { action: "update" }>["patch"];
