// The findings the plan checks reported after the last merge into each project
// (`merge-findings` events); a newer merge's findings replace the older ones.
import { useCallback, useState } from "react";
import { onMergeFindings, type MergeFindings } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";

export function useMergeFindings(): { byProject: Record<string, MergeFindings>; dismiss: (project: string) => void } {
  const [byProject, setByProject] = useState<Record<string, MergeFindings>>({});
  useIpcEvent(onMergeFindings, (found: MergeFindings) => setByProject((all) => ({ ...all, [found.project]: found })));
  const dismiss = useCallback(
    (project: string) =>
      setByProject((all) => {
        const rest = { ...all };
        delete rest[project];
        return rest;
      }),
    [],
  );
  return { byProject, dismiss };
}
