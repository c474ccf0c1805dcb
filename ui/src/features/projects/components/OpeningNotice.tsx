// While a big project's document loads (seconds), the first views show what was saved when the
// app last closed. This notice says so, starts the load, and goes once the project is loaded.
import { Alert, Group, Loader, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { openProject, openState } from "../../../ipc";

type Phase = { kind: "loaded" } | { kind: "opening"; savedAt: number | null } | { kind: "failed"; message: string };

export function OpeningNotice({ projectId }: { projectId: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loaded" });

  useEffect(() => {
    let live = true;
    setPhase({ kind: "loaded" });
    openState(projectId)
      .then((state) => {
        if (!live || !state.from_cache) return;
        setPhase({ kind: "opening", savedAt: state.saved_at });
        // The views read again by themselves if the loaded project differs from what they show.
        return openProject(projectId).then(() => {
          if (live) setPhase({ kind: "loaded" });
        });
      })
      .catch((e: unknown) => {
        if (live) setPhase({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      live = false;
    };
  }, [projectId]);

  if (phase.kind === "loaded") return null;
  if (phase.kind === "failed") {
    return (
      <Alert color="red" mb="sm" title="The project could not be loaded" data-testid="opening-failed">
        {phase.message}
      </Alert>
    );
  }
  const when = phase.savedAt === null ? "" : ` at ${new Date(phase.savedAt).toLocaleString()}`;
  return (
    <Alert color="blue" variant="light" mb="sm" data-testid="opening-notice">
      <Group gap="sm" wrap="nowrap">
        <Loader size="xs" aria-label="Loading the project" />
        <Text size="sm">
          Loading the project. Until it has loaded, this shows it as saved when Tandem last closed{when}; changes
          you make now are applied once it has loaded.
        </Text>
      </Group>
    </Alert>
  );
}
