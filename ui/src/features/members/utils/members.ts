// Member roles as the core names them, and the patch an edit form sends (only what changed).
import type { MemberView } from "../../../ipc";

export type MemberRole = MemberView["role"];

export const MEMBER_ROLES: { value: MemberRole; label: string }[] = [
  { value: "coordinator", label: "Coordinator" },
  { value: "member", label: "Member" },
  { value: "stakeholder", label: "Stakeholder" },
  { value: "viewer", label: "Viewer" },
];

export function roleLabel(role: string): string {
  return MEMBER_ROLES.find((r) => r.value === role)?.label ?? role;
}

/** How an optional text field changes, in the core's `Edit` form. */
export type TextEdit = "clear" | { set: string };

export type MemberDetails = { name?: string; title?: TextEdit; email?: TextEdit };

function textEdit(current: string | null, typed: string): TextEdit | undefined {
  const value = typed.trim();
  if (value === (current ?? "")) return undefined;
  return value === "" ? "clear" : { set: value };
}

/** The name, title and email changes between the member as loaded and the form; empty when none. */
export function detailsPatch(member: MemberView, name: string, title: string, email: string): MemberDetails {
  const patch: MemberDetails = {};
  if (name.trim() !== member.name) patch.name = name.trim();
  const t = textEdit(member.title, title);
  if (t !== undefined) patch.title = t;
  const e = textEdit(member.email, email);
  if (e !== undefined) patch.email = e;
  return patch;
}

/** Active members first (in the core's name order), then the removed ones. */
export function byActivity(members: MemberView[]): MemberView[] {
  const live = members.filter((m) => !m.deleted);
  return [...live.filter((m) => m.active), ...live.filter((m) => !m.active)];
}
