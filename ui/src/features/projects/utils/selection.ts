// Which project the app opens on, and what a join form accepts, as pure rules.
import type { ProjectSummary } from "../../../ipc";

/**
 * The profile's current project if it still exists, else the one the list marks current, else
 * the first; null when there is none (first run).
 */
export function pickCurrentProject(currentProject: string | null, projects: ProjectSummary[]): string | null {
  if (currentProject !== null && projects.some((p) => p.id === currentProject)) return currentProject;
  return projects.find((p) => p.current)?.id ?? projects[0]?.id ?? null;
}

export const INVITE_PREFIX = "tandem-invite:";

/** Why `code` cannot be an invite code, or null if it looks like one (the server has the last word). */
export function inviteCodeProblem(code: string): string | null {
  const trimmed = code.trim();
  if (trimmed === "") return "Paste the invite code you were sent.";
  if (!trimmed.startsWith(INVITE_PREFIX)) return `An invite code starts with ${INVITE_PREFIX}; paste the whole line.`;
  if (trimmed.length === INVITE_PREFIX.length) return "The invite code is cut off; paste the whole line.";
  return null;
}
