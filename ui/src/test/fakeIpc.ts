// A stand-in for src/ipc in component tests: every command a vi.fn, events fired by hand with `emit`.
// Use with: vi.mock("<relative path>/ipc", async () => (await import("<relative path>/test/fakeIpc")).fakeIpc);
import { vi } from "vitest";
import type * as Ipc from "../ipc";

type Handler<T> = (payload: T) => void;

const listeners = {
  "project-changed": new Set<Handler<string>>(),
  "sync-status": new Set<Handler<Ipc.SyncStatusItem>>(),
  "remote-changes": new Set<Handler<Ipc.RemoteChangesItem>>(),
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
  addTask: vi.fn<typeof Ipc.addTask>(),
  setTaskStatus: vi.fn<typeof Ipc.setTaskStatus>(),
  syncStatuses: vi.fn<typeof Ipc.syncStatuses>(),
  onProjectChanged: vi.fn<typeof Ipc.onProjectChanged>(),
  onSyncStatus: vi.fn<typeof Ipc.onSyncStatus>(),
  onRemoteChanges: vi.fn<typeof Ipc.onRemoteChanges>(),
} satisfies Partial<typeof Ipc>;

/** Fires an event at every subscribed handler, as the Tauri shell would. */
export const emit = {
  projectChanged: (projectId: string) => listeners["project-changed"].forEach((h) => h(projectId)),
  syncStatus: (status: Ipc.SyncStatusItem) => listeners["sync-status"].forEach((h) => h(status)),
  remoteChanges: (changes: Ipc.RemoteChangesItem) => listeners["remote-changes"].forEach((h) => h(changes)),
};

/** Forgets every call and handler; commands reject until a test says what they return. */
export function resetFakeIpc(): void {
  for (const set of Object.values(listeners)) set.clear();
  for (const fn of Object.values(fakeIpc)) {
    fn.mockReset();
    fn.mockRejectedValue(new Error("not set up in this test"));
  }
  fakeIpc.onProjectChanged.mockImplementation(subscriber(listeners["project-changed"]));
  fakeIpc.onSyncStatus.mockImplementation(subscriber(listeners["sync-status"]));
  fakeIpc.onRemoteChanges.mockImplementation(subscriber(listeners["remote-changes"]));
}
