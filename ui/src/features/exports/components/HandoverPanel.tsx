// The handover package for deliverables, as `tandem export handover` writes it: the deliverables
// to include (none ticked: every live one) and the folder, or the .zip file, to write it to.
import { Checkbox, Group, Paper, Text, Title } from "@mantine/core";
import { useState } from "react";
import { exportHandover, views } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { PathAction } from "./PathAction";

const relevant = touchesKinds("deliverable");

type Props = { projectId: string };

export function HandoverPanel({ projectId }: Props) {
  const { data, error } = useProjectResource(projectId, views.deliverables, relevant);
  const [chosen, setChosen] = useState<string[]>([]);
  const live = (data ?? []).filter((d) => !d.deleted);

  async function writeTo(path: string): Promise<string> {
    const ids = chosen.filter((id) => live.some((d) => d.id === id));
    const written = await exportHandover(projectId, ids, path);
    const form = written.zip ? "zip file" : "folder";
    return `Wrote the handover package (${written.files.length} files, ${written.bytes} bytes) as the ${form} ${written.path}`;
  }

  return (
    <Paper withBorder p="sm">
      <Title order={5} mb={4}>
        Handover package
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        For the client: each deliverable&apos;s acceptance criteria (who met each and when), its sign-off, linked tasks
        and the decisions behind them, the decision log, a final status report (Markdown and HTML) and a history
        summary. A path ending in .zip writes one zip file; any other path a new folder. Nothing existing is
        overwritten.
      </Text>
      {error && (
        <Text size="sm" c="red" mb="xs" data-testid="handover-load-error">
          {error}
        </Text>
      )}
      {data && live.length === 0 && (
        <Text size="sm" mb="xs" data-testid="handover-none">
          The project has no deliverables yet; add one in Deliverables first.
        </Text>
      )}
      {live.length > 0 && (
        <Checkbox.Group
          label="Deliverables (none ticked: all of them)"
          value={chosen}
          onChange={setChosen}
          mb="xs"
          data-testid="handover-deliverables"
        >
          <Group gap="md" mt={4}>
            {live.map((d) => (
              <Checkbox key={d.id} value={d.id} label={d.title} data-testid={`handover-pick-${d.id}`} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      <PathAction
        id="handover"
        label="To the folder or .zip file"
        placeholder="/home/you/Documents/handover.zip"
        action="Write package"
        run={writeTo}
      />
    </Paper>
  );
}
