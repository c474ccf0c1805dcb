// A stand-in for src/ipc in component tests: every command a vi.fn, events fired by hand with `emit`.
// Use with: vi.mock("<relative path>/ipc", async () => (await import("<relative path>/test/fakeIpc")).fakeIpc);
import { vi } from "vitest";
import type * as Ipc from "../ipc";

type Handler<T> = (payload: T) => void;

const listeners = {
  "project-changed": new Set<Handler<Ipc.ProjectChanged>>(),
  "sync-status": new Set<Handler<Ipc.SyncStatusItem>>(),
  "remote-changes": new Set<Handler<Ipc.RemoteChangesItem>>(),
  "merge-findings": new Set<Handler<Ipc.MergeFindings>>(),
};

function subscriber<T>(set: Set<Handler<T>>) {
  return (handler: Handler<T>): Promise<Ipc.Unsubscribe> => {
    set.add(handler);
    return Promise.resolve(() => void set.delete(handler));
  };
}

export const fakeIpc = {
  appInfo: vi.fn<typeof Ipc.appInfo>(),
  listProjects: vi.fn<typeof Ipc.listProjects>(),
  createProject: vi.fn<typeof Ipc.createProject>(),
  joinProject: vi.fn<typeof Ipc.joinProject>(),
  selectProject: vi.fn<typeof Ipc.selectProject>(),
  projectOverview: vi.fn<typeof Ipc.projectOverview>(),
  listTasks: vi.fn<typeof Ipc.listTasks>(),
  openState: vi.fn<typeof Ipc.openState>(),
  openProject: vi.fn<typeof Ipc.openProject>(),
  addTask: vi.fn<typeof Ipc.addTask>(),
  setTaskStatus: vi.fn<typeof Ipc.setTaskStatus>(),
  syncStatuses: vi.fn<typeof Ipc.syncStatuses>(),
  execute: vi.fn<typeof Ipc.execute>(),
  readText: vi.fn<typeof Ipc.readText>(),
  editText: vi.fn<typeof Ipc.editText>(),
  search: vi.fn<typeof Ipc.search>(),
  onProjectChanged: vi.fn<typeof Ipc.onProjectChanged>(),
  onSyncStatus: vi.fn<typeof Ipc.onSyncStatus>(),
  onRemoteChanges: vi.fn<typeof Ipc.onRemoteChanges>(),
  onMergeFindings: vi.fn<typeof Ipc.onMergeFindings>(),
  generateReport: vi.fn<typeof Ipc.generateReport>(),
  saveReportFile: vi.fn<typeof Ipc.saveReportFile>(),
  exportFile: vi.fn<typeof Ipc.exportFile>(),
  exportHandover: vi.fn<typeof Ipc.exportHandover>(),
  importTasks: vi.fn<typeof Ipc.importTasks>(),
  openArchive: vi.fn<typeof Ipc.openArchive>(),
  views: {
    dashboard: vi.fn<typeof Ipc.views.dashboard>(),
    project: vi.fn<typeof Ipc.views.project>(),
    members: vi.fn<typeof Ipc.views.members>(),
    tasks: vi.fn<typeof Ipc.views.tasks>(),
    task: vi.fn<typeof Ipc.views.task>(),
    taskTree: vi.fn<typeof Ipc.views.taskTree>(),
    milestones: vi.fn<typeof Ipc.views.milestones>(),
    goals: vi.fn<typeof Ipc.views.goals>(),
    resources: vi.fn<typeof Ipc.views.resources>(),
    allocations: vi.fn<typeof Ipc.views.allocations>(),
    expenses: vi.fn<typeof Ipc.views.expenses>(),
    budgetLines: vi.fn<typeof Ipc.views.budgetLines>(),
    budget: vi.fn<typeof Ipc.views.budget>(),
    risks: vi.fn<typeof Ipc.views.risks>(),
    riskMatrix: vi.fn<typeof Ipc.views.riskMatrix>(),
    issues: vi.fn<typeof Ipc.views.issues>(),
    decisions: vi.fn<typeof Ipc.views.decisions>(),
    meetings: vi.fn<typeof Ipc.views.meetings>(),
    meeting: vi.fn<typeof Ipc.views.meeting>(),
    log: vi.fn<typeof Ipc.views.log>(),
    requests: vi.fn<typeof Ipc.views.requests>(),
    deliverables: vi.fn<typeof Ipc.views.deliverables>(),
    workload: vi.fn<typeof Ipc.views.workload>(),
    reports: vi.fn<typeof Ipc.views.reports>(),
    conflicts: vi.fn<typeof Ipc.views.conflicts>(),
    deletedEdits: vi.fn<typeof Ipc.views.deletedEdits>(),
    history: vi.fn<typeof Ipc.views.history>(),
    historyFiltered: vi.fn<typeof Ipc.views.historyFiltered>(),
    diff: vi.fn<typeof Ipc.views.diff>(),
    asOf: vi.fn<typeof Ipc.views.asOf>(),
    report: vi.fn<typeof Ipc.views.report>(),
    checks: vi.fn<typeof Ipc.views.checks>(),
  },
} satisfies Partial<typeof Ipc>;

/** Fires an event at every subscribed handler, as the Tauri shell would. */
export const emit = {
  /** `items` defaults to none (unknown), which every view of the project treats as relevant. */
  projectChanged: (projectId: string, items: Ipc.ItemRef[] = []) =>
    listeners["project-changed"].forEach((h) => h({ project: projectId, items })),
  syncStatus: (status: Ipc.SyncStatusItem) => listeners["sync-status"].forEach((h) => h(status)),
  remoteChanges: (changes: Ipc.RemoteChangesItem) => listeners["remote-changes"].forEach((h) => h(changes)),
  mergeFindings: (findings: Ipc.MergeFindings) => listeners["merge-findings"].forEach((h) => h(findings)),
};

/** Forgets every call and handler; commands reject until a test says what they return. */
export function resetFakeIpc(): void {
  for (const set of Object.values(listeners)) set.clear();
  const fns = [...Object.values(fakeIpc).filter((f) => typeof f === "function"), ...Object.values(fakeIpc.views)];
  for (const fn of fns as ReturnType<typeof vi.fn>[]) {
    fn.mockReset();
    fn.mockRejectedValue(new Error("not set up in this test"));
  }
  // Projects are loaded unless a test says they open from saved views.
  fakeIpc.openState.mockResolvedValue({ from_cache: false, saved_at: null });
  fakeIpc.openProject.mockResolvedValue(null);
  fakeIpc.onProjectChanged.mockImplementation(subscriber(listeners["project-changed"]));
  fakeIpc.onSyncStatus.mockImplementation(subscriber(listeners["sync-status"]));
  fakeIpc.onRemoteChanges.mockImplementation(subscriber(listeners["remote-changes"]));
  fakeIpc.onMergeFindings.mockImplementation(subscriber(listeners["merge-findings"]));
}
