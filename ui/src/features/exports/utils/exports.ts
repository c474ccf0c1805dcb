// What can be exported, as `tandem export` names it, with a file name to suggest for each.
import type { ExportKind } from "../../../ipc";

export const EXPORTS: { value: ExportKind; label: string; file: string }[] = [
  { value: "tasks", label: "Tasks (CSV)", file: "tasks.csv" },
  { value: "risks", label: "Risks (CSV)", file: "risks.csv" },
  { value: "decisions", label: "Decisions (CSV)", file: "decisions.csv" },
  { value: "requests", label: "Client requests (CSV)", file: "requests.csv" },
  { value: "calendar", label: "Meetings and milestones (iCalendar)", file: "project.ics" },
  { value: "json", label: "The whole project (JSON)", file: "project.json" },
  { value: "archive", label: "Archive with the whole history (.automerge)", file: "project.automerge" },
];

/** The file name suggested for an export. */
export function suggestedFile(kind: ExportKind): string {
  return EXPORTS.find((e) => e.value === kind)?.file ?? "export";
}

/** "Added 3 tasks from 3 rows." */
export function importedSentence(rows: number, added: number): string {
  const tasks = `${added} task${added === 1 ? "" : "s"}`;
  return added === rows ? `Added ${tasks}.` : `Added ${tasks} of ${rows} rows.`;
}
