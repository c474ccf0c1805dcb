// The app's root: Mantine, then first run or the project shell, depending on the profile.
import { Alert, Button, Center, Loader, MantineProvider, Stack } from "@mantine/core";
import { ProjectSetup } from "../features/projects/components/ProjectSetup";
import { useProjects } from "../features/projects/hooks/useProjects";
import { Shell } from "./Shell";
import { theme } from "./theme";

function Root() {
  const projects = useProjects();
  const { state } = projects;

  if (state.phase === "loading") {
    return (
      <Center h="100vh">
        <Loader aria-label="Opening your projects" />
      </Center>
    );
  }
  if (state.phase === "failed") {
    return (
      <Center h="100vh" p="md">
        <Stack maw={560}>
          <Alert color="red" title="Tandem could not open your projects">
            {state.message}
          </Alert>
          <Button onClick={projects.retry}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  const current = state.projects.find((p) => p.id === state.currentId);
  if (current === undefined) return <ProjectSetup firstRun onReady={projects.added} />;
  return (
    <Shell
      info={state.info}
      projects={state.projects}
      current={current}
      onSelect={projects.select}
      onAdded={projects.added}
    />
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Root />
    </MantineProvider>
  );
}
