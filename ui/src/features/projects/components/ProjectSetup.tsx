// Create a project or join one: the whole first-run screen, and the "Add a project" view later.
import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ProjectSummary } from "../../../ipc";
import { CreateProjectForm } from "./CreateProjectForm";
import { JoinProjectForm } from "./JoinProjectForm";

type Props = {
  /** First run greets the member; later the same forms add another project. */
  firstRun: boolean;
  onReady: (project: ProjectSummary) => Promise<void>;
};

export function ProjectSetup({ firstRun, onReady }: Props) {
  return (
    <Stack maw={960} mx="auto" p="md">
      <div>
        <Title order={1}>{firstRun ? "Welcome to Tandem" : "Add a project"}</Title>
        <Text c="dimmed">
          Everything works offline on this machine. A sync server is only needed to share a project with your team.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder padding="lg">
          <Title order={3} mb="xs">
            Create a project
          </Title>
          <CreateProjectForm onCreated={onReady} />
        </Card>
        <Card withBorder padding="lg">
          <Title order={3} mb="xs">
            Join with an invite code
          </Title>
          <JoinProjectForm onJoined={onReady} />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
