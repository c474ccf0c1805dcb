// The project's tasks, kept current, and the two edits this slice offers: add a task, set its status.
import { useCallback, useState } from "react";
import { addTask, listTasks, setTaskStatus, type TaskItem } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";

/** Puts `task` in place of the task with its id, or at the end if the list does not have it yet. */
function upsert(tasks: TaskItem[], task: TaskItem): TaskItem[] {
  const at = tasks.findIndex((t) => t.id === task.id);
  if (at === -1) return [...tasks, task];
  const next = tasks.slice();
  next[at] = task;
  return next;
}

export type Tasks = {
  tasks: TaskItem[] | null;
  loadError: string | null;
  /** The last failed edit's message, until the next edit succeeds. */
  editError: string | null;
  /** Ids of tasks whose status change is on its way to disk. */
  saving: ReadonlySet<string>;
  add: (title: string) => Promise<boolean>;
  setStatus: (taskId: string, status: string) => Promise<void>;
};

export function useTasks(projectId: string): Tasks {
  const { data, error, update } = useProjectResource(projectId, listTasks);
  const [editError, setEditError] = useState<string | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());

  const add = useCallback(
    async (title: string) => {
      try {
        const task = await addTask(projectId, title);
        update((tasks) => upsert(tasks, task));
        setEditError(null);
        return true;
      } catch (e) {
        setEditError((e as Error).message);
        return false;
      }
    },
    [projectId, update],
  );

  const setStatus = useCallback(
    async (taskId: string, status: string) => {
      setSaving((s) => new Set(s).add(taskId));
      try {
        const task = await setTaskStatus(projectId, taskId, status);
        update((tasks) => upsert(tasks, task));
        setEditError(null);
      } catch (e) {
        setEditError((e as Error).message);
      } finally {
        setSaving((s) => {
          const next = new Set(s);
          next.delete(taskId);
          return next;
        });
      }
    },
    [projectId, update],
  );

  return { tasks: data, loadError: error, editError, saving, add, setStatus };
}
