// The only module that talks to the Tauri shell: one typed function per IPC command and per event.
// Every other module imports from here, so tests mock this one module (vi.mock) and nothing else.
import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AppInfo } from "./types/AppInfo";
import type { ProjectChanged } from "./types/ProjectChanged";
import type { ProjectOverview } from "./types/ProjectOverview";
import type { ProjectSummary } from "./types/ProjectSummary";
import type { RemoteChangesItem } from "./types/RemoteChangesItem";
import type { SyncStatusItem } from "./types/SyncStatusItem";
import type { TaskItem } from "./types/TaskItem";

import type { AllocationView } from "./types/AllocationView";
import type { BudgetLineView } from "./types/BudgetLineView";
import type { BudgetView } from "./types/BudgetView";
import type { ChangeInfo } from "./types/ChangeInfo";
import type { Command } from "./types/Command";
import type { Conflict } from "./types/Conflict";
import type { DashboardView } from "./types/DashboardView";
import type { DecisionView } from "./types/DecisionView";
import type { DeletedEdit } from "./types/DeletedEdit";
import type { DeliverableView } from "./types/DeliverableView";
import type { Executed } from "./types/Executed";
import type { ExpenseView } from "./types/ExpenseView";
import type { GoalView } from "./types/GoalView";
import type { HistoryPage } from "./types/HistoryPage";
import type { IssueView } from "./types/IssueView";
import type { ItemRef } from "./types/ItemRef";
import type { LogEntryView } from "./types/LogEntryView";
import type { LogFilter } from "./types/LogFilter";
import type { LogPage } from "./types/LogPage";
import type { MeetingSummary } from "./types/MeetingSummary";
import type { MeetingView } from "./types/MeetingView";
import type { MemberView } from "./types/MemberView";
import type { MilestoneView } from "./types/MilestoneView";
import type { ProjectView } from "./types/ProjectView";
import type { ReportInfo } from "./types/ReportInfo";
import type { RequestView } from "./types/RequestView";
import type { ResourceView } from "./types/ResourceView";
import type { RiskMatrixView } from "./types/RiskMatrixView";
import type { RiskView } from "./types/RiskView";
import type { SearchHit } from "./types/SearchHit";
import type { TaskNode } from "./types/TaskNode";
import type { TaskView } from "./types/TaskView";
import type { TextEdited } from "./types/TextEdited";
import type { TextState } from "./types/TextState";
import type { OpenState } from "./types/OpenState";
import type { Kind } from "./types/Kind";
import type { WorkloadView } from "./types/WorkloadView";
import type { AsOfView } from "./types/AsOfView";
import type { DiffStart } from "./types/DiffStart";
import type { FilteredHistory } from "./types/FilteredHistory";
import type { HistoryFilter } from "./types/HistoryFilter";
import type { HistoryGrouping } from "./types/HistoryGrouping";
import type { Moment } from "./types/Moment";
import type { WhatChanged } from "./types/WhatChanged";
import type { ExportKind } from "./types/ExportKind";
import type { FileWritten } from "./types/FileWritten";
import type { HandoverWritten } from "./types/HandoverWritten";
import type { MergeFindings } from "./types/MergeFindings";
import type { PlanChecks } from "./types/PlanChecks";
import type { ReportFormat } from "./types/ReportFormat";
import type { ReportView } from "./types/ReportView";
import type { TasksImported } from "./types/TasksImported";

export type { AppInfo, ProjectChanged, ProjectOverview, ProjectSummary, RemoteChangesItem, SyncStatusItem, TaskItem };
export type {
  AllocationView,
  BudgetLineView,
  BudgetView,
  ChangeInfo,
  Command,
  Conflict,
  DashboardView,
  DecisionView,
  DeletedEdit,
  DeliverableView,
  Executed,
  ExpenseView,
  GoalView,
  HistoryPage,
  IssueView,
  ItemRef,
  LogEntryView,
  LogFilter,
  LogPage,
  MeetingSummary,
  MeetingView,
  MemberView,
  MilestoneView,
  ProjectView,
  ReportInfo,
  RequestView,
  ResourceView,
  RiskMatrixView,
  RiskView,
  SearchHit,
  TaskNode,
  TaskView,
  TextEdited,
  TextState,
  OpenState,
  Kind,
  WorkloadView,
  AsOfView,
  DiffStart,
  FilteredHistory,
  HistoryFilter,
  HistoryGrouping,
  Moment,
  WhatChanged,
  ExportKind,
  FileWritten,
  HandoverWritten,
  MergeFindings,
  PlanChecks,
  ReportFormat,
  ReportView,
  TasksImported,
};
export type { Finding } from "./types/Finding";
export type { FindingKind } from "./types/FindingKind";
export type { FindingSeverity } from "./types/FindingSeverity";
export type { ItemLabel } from "./types/ItemLabel";
export type { AuthorDiff } from "./types/AuthorDiff";
export type { AuthorGroup } from "./types/AuthorGroup";
export type { ConflictCommand } from "./types/ConflictCommand";
export type { ConflictValue } from "./types/ConflictValue";
export type { DayGroup } from "./types/DayGroup";
export type { DiffView } from "./types/DiffView";
export type { FieldDiff } from "./types/FieldDiff";
export type { HistoryGroups } from "./types/HistoryGroups";
export type { ItemChange } from "./types/ItemChange";
export type { ItemDiff } from "./types/ItemDiff";
export type { Resolution } from "./types/Resolution";
export type { SpanOp } from "./types/SpanOp";
export type { TextSpan } from "./types/TextSpan";
export type { AuthorItem } from "./types/AuthorItem";
export type { MemberItem } from "./types/MemberItem";

/** Stops delivering an event; returned by every `on…` function. */
export type Unsubscribe = () => void;

/**
 * Turns whatever a command rejected with into an `Error` whose message the UI can show as is.
 * Commands reject with `IpcError` (`{ message }`); Tauri itself rejects with a plain string
 * (for example an unknown command), and outside the shell `invoke` throws a TypeError.
 */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  if (typeof reason === "string") return new Error(reason);
  if (typeof reason === "object" && reason !== null && "message" in reason && typeof reason.message === "string") {
    return new Error(reason.message);
  }
  return new Error(`Unexpected error from the app: ${JSON.stringify(reason)}`);
}

/** Said instead of a TypeError when the UI is opened in a plain browser (`npm run dev`). */
export const NOT_IN_APP = "This page is not running inside the Tandem desktop app, so it cannot reach your projects.";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw isTauri() ? toError(reason) : new Error(NOT_IN_APP);
  }
}

export const appInfo = (): Promise<AppInfo> => call("app_info");

export const listProjects = (): Promise<ProjectSummary[]> => call("list_projects");

export const createProject = (name: string, me: string): Promise<ProjectSummary> =>
  call("create_project", { name, me });

/** Joins through a server invite code (`tandem-invite:...`); talks to the server, so it can take seconds. */
export const joinProject = (code: string, me: string): Promise<ProjectSummary> => call("join_project", { code, me });

export const selectProject = (projectId: string): Promise<null> => call("select_project", { projectId });

export const projectOverview = (projectId: string): Promise<ProjectOverview> =>
  call("project_overview", { projectId });

/**
 * Whether the project's views still show what was saved when the app last closed, because its
 * document is loading (seconds on a big project). Answers at once.
 */
export const openState = (projectId: string): Promise<OpenState> => call("open_state", { projectId });

/**
 * Loads the project's document; resolves once it is loaded. If the saved views shown meanwhile
 * differ from it, a `project-changed` event (every item) makes the views read again.
 */
export const openProject = (projectId: string): Promise<null> => call("open_project", { projectId });

export const listTasks = (projectId: string): Promise<TaskItem[]> => call("list_tasks", { projectId });

export const addTask = (projectId: string, title: string): Promise<TaskItem> =>
  call("add_task", { projectId, title });

export const setTaskStatus = (projectId: string, taskId: string, status: string): Promise<TaskItem> =>
  call("set_task_status", { projectId, taskId, status });

export const syncStatuses = (): Promise<SyncStatusItem[]> => call("sync_statuses");

/** Items whose title or text contains `query` (case-insensitive), titles first; at most `limit`. */
export const search = (projectId: string, query: string, limit: number): Promise<SearchHit[]> =>
  call("search", { projectId, query, limit });

/**
 * Runs one tandem-core command (any area) as one change, exactly as the CLI does; the domain
 * rules and their error messages come from the core. Views do not update from the result: the
 * `project-changed` event that follows tells every view showing the touched items to refetch.
 */
export const execute = (projectId: string, command: Command): Promise<Executed> =>
  call("execute", { projectId, command });

/** One text field of an item (meeting notes, a description…) and the heads it was read at. */
export const readText = (projectId: string, kind: Kind, itemId: string, field: string): Promise<TextState> =>
  call("read_text", { projectId, kind, itemId, field });

/**
 * Splices a text field with `pos` and `delete` (chars) counted in the text as of `at`, heads that
 * `readText` or an earlier `editText` returned: the splice lands on the characters the editor
 * showed even if others' edits arrived since. Announces the change like `execute`.
 */
export const editText = (
  projectId: string,
  kind: Kind,
  itemId: string,
  field: string,
  at: string[],
  splice: { pos: number; delete: number; insert: string },
): Promise<TextEdited> => call("edit_text", { projectId, kind, itemId, field, at, ...splice });

/** Read models, one per view; each reads only its own part of the project. */
export const views = {
  dashboard: (projectId: string): Promise<DashboardView> => call("view_dashboard", { projectId }),
  project: (projectId: string): Promise<ProjectView> => call("view_project", { projectId }),
  members: (projectId: string): Promise<MemberView[]> => call("view_members", { projectId }),
  tasks: (projectId: string): Promise<TaskView[]> => call("view_tasks", { projectId }),
  task: (projectId: string, taskId: string): Promise<TaskView> => call("view_task", { projectId, taskId }),
  taskTree: (projectId: string): Promise<TaskNode[]> => call("view_task_tree", { projectId }),
  milestones: (projectId: string): Promise<MilestoneView[]> => call("view_milestones", { projectId }),
  goals: (projectId: string): Promise<GoalView[]> => call("view_goals", { projectId }),
  resources: (projectId: string): Promise<ResourceView[]> => call("view_resources", { projectId }),
  allocations: (projectId: string): Promise<AllocationView[]> => call("view_allocations", { projectId }),
  expenses: (projectId: string): Promise<ExpenseView[]> => call("view_expenses", { projectId }),
  budgetLines: (projectId: string): Promise<BudgetLineView[]> => call("view_budget_lines", { projectId }),
  budget: (projectId: string): Promise<BudgetView> => call("view_budget", { projectId }),
  risks: (projectId: string): Promise<RiskView[]> => call("view_risks", { projectId }),
  riskMatrix: (projectId: string): Promise<RiskMatrixView> => call("view_risk_matrix", { projectId }),
  issues: (projectId: string): Promise<IssueView[]> => call("view_issues", { projectId }),
  decisions: (projectId: string): Promise<DecisionView[]> => call("view_decisions", { projectId }),
  meetings: (projectId: string): Promise<MeetingSummary[]> => call("view_meetings", { projectId }),
  meeting: (projectId: string, meetingId: string): Promise<MeetingView> =>
    call("view_meeting", { projectId, meetingId }),
  /** Newest first; at most 500 entries per page. */
  log: (projectId: string, filter: LogFilter, offset: number, limit: number): Promise<LogPage> =>
    call("view_log", { projectId, filter, offset, limit }),
  requests: (projectId: string): Promise<RequestView[]> => call("view_requests", { projectId }),
  deliverables: (projectId: string): Promise<DeliverableView[]> => call("view_deliverables", { projectId }),
  /** `from` is a Monday, `YYYY-MM-DD`; 1 to 26 weeks. */
  workload: (projectId: string, from: string, weeks: number): Promise<WorkloadView> =>
    call("view_workload", { projectId, from, weeks }),
  reports: (projectId: string): Promise<ReportInfo[]> => call("view_reports", { projectId }),
  conflicts: (projectId: string): Promise<Conflict[]> => call("view_conflicts", { projectId }),
  deletedEdits: (projectId: string): Promise<DeletedEdit[]> => call("view_deleted_edits", { projectId }),
  /** Newest first; at most 500 changes per page. */
  history: (projectId: string, offset: number, limit: number): Promise<HistoryPage> =>
    call("view_history", { projectId, offset, limit }),
  /** The changes that match `filter`, newest first, grouped within the page; at most 500 per page. */
  historyFiltered: (
    projectId: string,
    filter: HistoryFilter,
    grouping: HistoryGrouping,
    offset: number,
    limit: number,
  ): Promise<FilteredHistory> => call("view_history_filtered", { projectId, filter, grouping, offset, limit }),
  /** What changed from `since` until now, by author (`diff` is null when there is no earlier sync yet). */
  diff: (projectId: string, since: DiffStart): Promise<WhatChanged> => call("view_diff", { projectId, since }),
  /** The project as it was at a moment (a time or a change), read-only. */
  asOf: (projectId: string, moment: Moment): Promise<AsOfView> => call("view_as_of", { projectId, moment }),
  /** One saved report with its content. */
  report: (projectId: string, reportId: string): Promise<ReportView> => call("view_report", { projectId, reportId }),
  /** The plan-integrity checks as of today, each finding with the changes that caused it. */
  checks: (projectId: string): Promise<PlanChecks> => call("view_checks", { projectId }),
};

/** Generates the status report for `from`..`to` (`YYYY-MM-DD`, inclusive), saves it into the project and returns it. */
export const generateReport = (projectId: string, from: string, to: string, format: ReportFormat): Promise<ReportView> =>
  call("generate_report", { projectId, from, to, format });

/** Writes a saved report to `path` (a full path, or one starting with `~/`). */
export const saveReportFile = (projectId: string, reportId: string, path: string): Promise<FileWritten> =>
  call("save_report_file", { projectId, reportId, path });

/** Writes an export of the project to `path` (a full path, or one starting with `~/`). */
export const exportFile = (projectId: string, what: ExportKind, path: string): Promise<FileWritten> =>
  call("export_file", { projectId, what, path });

/**
 * Writes the handover package of `deliverables` (ids; none: every live one) to the folder `path`,
 * or to one zip file when `path` ends in `.zip`. Never overwrites an existing file or folder.
 */
export const exportHandover = (projectId: string, deliverables: string[], path: string): Promise<HandoverWritten> =>
  call("export_handover", { projectId, deliverables, path });

/** Adds the tasks of the CSV at `path`; a bad CSV is refused whole, with its first bad row. */
export const importTasks = (projectId: string, path: string): Promise<TasksImported> =>
  call("import_tasks", { projectId, path });

/** Opens an `.automerge` archive as a new local project (a copy) and makes it current. */
export const openArchive = (path: string): Promise<ProjectSummary> => call("open_archive", { path });

async function subscribe<T>(event: string, handler: (payload: T) => void): Promise<Unsubscribe> {
  try {
    return await listen<T>(event, (e) => handler(e.payload));
  } catch (reason) {
    throw isTauri() ? toError(reason) : new Error(NOT_IN_APP);
  }
}

/**
 * A project changed, locally or remotely: views showing it refetch. The payload names the project
 * and the items the change touched (empty: not known, so every view of the project refetches).
 */
export const onProjectChanged = (handler: (changed: ProjectChanged) => void): Promise<Unsubscribe> =>
  subscribe("project-changed", handler);

export const onSyncStatus = (handler: (status: SyncStatusItem) => void): Promise<Unsubscribe> =>
  subscribe("sync-status", handler);

export const onRemoteChanges = (handler: (changes: RemoteChangesItem) => void): Promise<Unsubscribe> =>
  subscribe("remote-changes", handler);

/** The plan checks after others' changes arrived found problems on what arrived. */
export const onMergeFindings = (handler: (findings: MergeFindings) => void): Promise<Unsubscribe> =>
  subscribe("merge-findings", handler);
