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

export type { AppInfo, ProjectOverview, ProjectSummary, RemoteChangesItem, SyncStatusItem, TaskItem };
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

export const listTasks = (projectId: string): Promise<TaskItem[]> => call("list_tasks", { projectId });

export const addTask = (projectId: string, title: string): Promise<TaskItem> =>
  call("add_task", { projectId, title });

export const setTaskStatus = (projectId: string, taskId: string, status: string): Promise<TaskItem> =>
  call("set_task_status", { projectId, taskId, status });

export const syncStatuses = (): Promise<SyncStatusItem[]> => call("sync_statuses");

async function subscribe<T>(event: string, handler: (payload: T) => void): Promise<Unsubscribe> {
  try {
    return await listen<T>(event, (e) => handler(e.payload));
  } catch (reason) {
    throw isTauri() ? toError(reason) : new Error(NOT_IN_APP);
  }
}

/** A project changed, locally or remotely: views showing it refetch. Handler gets the project id. */
export const onProjectChanged = (handler: (projectId: string) => void): Promise<Unsubscribe> =>
  subscribe<ProjectChanged>("project-changed", (p) => handler(p.project));

export const onSyncStatus = (handler: (status: SyncStatusItem) => void): Promise<Unsubscribe> =>
  subscribe("sync-status", handler);

export const onRemoteChanges = (handler: (changes: RemoteChangesItem) => void): Promise<Unsubscribe> =>
  subscribe("remote-changes", handler);
