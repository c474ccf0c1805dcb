// The profile's projects and which one is on screen: loaded at start, switched, added to.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  appInfo,
  listProjects,
  onProjectChanged,
  selectProject,
  type AppInfo,
  type ProjectSummary,
} from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";
import { pickCurrentProject } from "../utils/selection";

export type ProjectsState =
  | { phase: "loading" }
  | { phase: "failed"; message: string }
  | { phase: "ready"; info: AppInfo; projects: ProjectSummary[]; currentId: string | null };

export type Projects = {
  state: ProjectsState;
  /** Loads everything again after a failed start. */
  retry: () => void;
  /** Shows another project; rejects with the shell's message if it cannot. */
  select: (projectId: string) => Promise<void>;
  /** A project was just created or joined: make it current and show it. */
  added: (project: ProjectSummary) => Promise<void>;
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useProjects(): Projects {
  const [state, setState] = useState<ProjectsState>({ phase: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    setState({ phase: "loading" });
    (async () => {
      const [info, projects] = await Promise.all([appInfo(), listProjects()]);
      const currentId = pickCurrentProject(info.current_project, projects);
      // Remember the fallback choice, so the next start opens the same project. Every command
      // names its project, so the app works on even if the shell cannot remember it.
      if (currentId !== null && currentId !== info.current_project) {
        await selectProject(currentId).catch((e: unknown) => console.warn("cannot remember the current project:", e));
      }
      if (active) setState({ phase: "ready", info, projects, currentId });
    })().catch((e: unknown) => active && setState({ phase: "failed", message: message(e) }));
    return () => {
      active = false;
    };
  }, [attempt]);

  // Names can change remotely; a burst of change events costs one reload in flight plus one queued.
  const reload = useRef({ inFlight: false, queued: false });
  const reloadList = useCallback(() => {
    const r = reload.current;
    if (r.inFlight) {
      r.queued = true;
      return;
    }
    r.inFlight = true;
    listProjects()
      .then(
        (projects) => setState((s) => (s.phase === "ready" ? { ...s, projects } : s)),
        (e: unknown) => console.warn("cannot reload the project list:", e),
      )
      .finally(() => {
        r.inFlight = false;
        if (r.queued) {
          r.queued = false;
          reloadList();
        }
      });
  }, []);
  useIpcEvent(onProjectChanged, reloadList);

  const select = useCallback(async (projectId: string) => {
    await selectProject(projectId);
    setState((s) => (s.phase === "ready" ? { ...s, currentId: projectId } : s));
  }, []);

  const added = useCallback(
    async (project: ProjectSummary) => {
      // The project exists now, whatever happens next: show it at once, then catch up.
      setState((s) =>
        s.phase === "ready"
          ? {
              ...s,
              projects: s.projects.some((p) => p.id === project.id) ? s.projects : [...s.projects, project],
              currentId: project.id,
            }
          : s,
      );
      await selectProject(project.id).catch((e: unknown) => console.warn("cannot remember the current project:", e));
      reloadList();
    },
    [reloadList],
  );

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { state, retry, select, added };
}
