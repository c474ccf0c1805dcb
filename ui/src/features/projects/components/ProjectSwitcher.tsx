// Switches the project on screen; only rendered when the profile holds more than one.
import { NativeSelect } from "@mantine/core";
import { useState } from "react";
import type { ProjectSummary } from "../../../ipc";

type Props = {
  projects: ProjectSummary[];
  currentId: string;
  onSelect: (projectId: string) => Promise<void>;
};

export function ProjectSwitcher({ projects, currentId, onSelect }: Props) {
  const [error, setError] = useState<string | null>(null);
  if (projects.length < 2) return null;
  return (
    <NativeSelect
      data-testid="project-switcher"
      aria-label="Switch project"
      size="xs"
      value={currentId}
      data={projects.map((p) => ({ value: p.id, label: p.name }))}
      error={error}
      onChange={(e) => {
        setError(null);
        onSelect(e.currentTarget.value).catch((reason: unknown) => setError((reason as Error).message));
      }}
    />
  );
}
