// The IPC contract as the shell implements it: command names, camelCase argument keys, error shape, event payloads.
import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "./index";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn(), isTauri: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => ({ listen: vi.fn() }));

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);
const isTauriMock = vi.mocked(isTauri);

describe("commands", () => {
  beforeEach(() => {
    invokeMock.mockReset();
    invokeMock.mockResolvedValue(null);
    isTauriMock.mockReturnValue(true);
  });

  it.each<[string, () => Promise<unknown>, string, Record<string, unknown> | undefined]>([
    ["appInfo", () => ipc.appInfo(), "app_info", undefined],
    ["listProjects", () => ipc.listProjects(), "list_projects", undefined],
    ["createProject", () => ipc.createProject("Apollo", "Ann"), "create_project", { name: "Apollo", me: "Ann" }],
    ["joinProject", () => ipc.joinProject("tandem-invite:x", "Bo"), "join_project", { code: "tandem-invite:x", me: "Bo" }],
    ["selectProject", () => ipc.selectProject("p1"), "select_project", { projectId: "p1" }],
    ["projectOverview", () => ipc.projectOverview("p1"), "project_overview", { projectId: "p1" }],
    ["listTasks", () => ipc.listTasks("p1"), "list_tasks", { projectId: "p1" }],
    ["addTask", () => ipc.addTask("p1", "Plan"), "add_task", { projectId: "p1", title: "Plan" }],
    [
      "setTaskStatus",
      () => ipc.setTaskStatus("p1", "t1", "done"),
      "set_task_status",
      { projectId: "p1", taskId: "t1", status: "done" },
    ],
    ["syncStatuses", () => ipc.syncStatuses(), "sync_statuses", undefined],
  ])("%s invokes %s", async (_name, call, command, args) => {
    await call();
    expect(invokeMock).toHaveBeenCalledWith(command, args);
  });

  it("rejects with the IpcError message as an Error", async () => {
    invokeMock.mockRejectedValue({ message: "no project named p9" });
    await expect(ipc.listTasks("p9")).rejects.toThrow(new Error("no project named p9"));
  });

  it("says the app is missing when the page runs in a plain browser", async () => {
    isTauriMock.mockReturnValue(false);
    invokeMock.mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'invoke')"));
    await expect(ipc.appInfo()).rejects.toThrow(new Error(ipc.NOT_IN_APP));
  });
});

describe("toError", () => {
  it.each<[unknown, string]>([
    [{ message: "task title is empty" }, "task title is empty"],
    ["command add_tasks not found", "command add_tasks not found"],
    [new TypeError("window.__TAURI_INTERNALS__ is undefined"), "window.__TAURI_INTERNALS__ is undefined"],
    [{ code: 3 }, 'Unexpected error from the app: {"code":3}'],
    [null, "Unexpected error from the app: null"],
  ])("%j → %s", (reason, message) => {
    const error = ipc.toError(reason);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(message);
  });
});

describe("events", () => {
  it.each<[string, (h: (p: unknown) => void) => Promise<ipc.Unsubscribe>, unknown, unknown]>([
    ["project-changed", (h) => ipc.onProjectChanged(h), { project: "p1", items: [] }, { project: "p1", items: [] }],
    ["sync-status", (h) => ipc.onSyncStatus(h), { project: "p1", state: "offline" }, { project: "p1", state: "offline" }],
    ["remote-changes", (h) => ipc.onRemoteChanges(h), { project: "p1", new_changes: 2 }, { project: "p1", new_changes: 2 }],
  ])("%s delivers its payload", async (event, subscribe, payload, delivered) => {
    const stop = vi.fn();
    listenMock.mockReset();
    listenMock.mockImplementation(async (_event, handler) => {
      handler({ event: _event, id: 1, payload });
      return stop;
    });
    const received: unknown[] = [];
    const unsubscribe = await subscribe((p) => received.push(p));
    expect(listenMock).toHaveBeenCalledWith(event, expect.any(Function));
    expect(received).toEqual([delivered]);
    unsubscribe();
    expect(stop).toHaveBeenCalled();
  });
});
