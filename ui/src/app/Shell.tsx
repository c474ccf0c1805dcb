// The window around a project: header (name, switcher, sync), left nav, and the view in the main area.
import { AppShell, Group, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { AppInfo, ProjectSummary } from "../ipc";
import { Dashboard } from "../features/dashboard/components/Dashboard";
import { ProjectSetup } from "../features/projects/components/ProjectSetup";
import { ProjectSwitcher } from "../features/projects/components/ProjectSwitcher";
import { RemoteNotices } from "../features/sync/components/RemoteNotices";
import { SyncBadge } from "../features/sync/components/SyncBadge";
import { TaskList } from "../features/tasks/components/TaskList";

type View = "dashboard" | "tasks" | "add-project";

/** Views the brief plans that this build does not have yet; named, not faked. */
const NOT_BUILT =
  "plan (task tree, board, timeline), workload, goals, resources & budget, risks & issues, decisions, " +
  "meetings, project log, client requests, deliverables, members, history, search";

type Props = {
  info: AppInfo;
  projects: ProjectSummary[];
  current: ProjectSummary;
  onSelect: (projectId: string) => Promise<void>;
  onAdded: (project: ProjectSummary) => Promise<void>;
};

export function Shell({ info, projects, current, onSelect, onAdded }: Props) {
  const [view, setView] = useState<View>("dashboard");

  async function added(project: ProjectSummary) {
    await onAdded(project);
    setView("dashboard");
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Title order={3} data-testid="project-title" style={{ whiteSpace: "nowrap" }}>
              {current.name}
            </Title>
            <ProjectSwitcher projects={projects} currentId={current.id} onSelect={onSelect} />
          </Group>
          <SyncBadge projectId={current.id} />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          <NavLink
            component="button"
            data-testid="nav-dashboard"
            label="Dashboard"
            active={view === "dashboard"}
            onClick={() => setView("dashboard")}
          />
          <NavLink
            component="button"
            data-testid="nav-tasks"
            label="Tasks"
            active={view === "tasks"}
            onClick={() => setView("tasks")}
          />
          <NavLink
            component="button"
            data-testid="nav-add-project"
            label="Add a project"
            active={view === "add-project"}
            onClick={() => setView("add-project")}
          />
          <Text size="xs" c="dimmed" px="sm" mt="md">
            Not built yet: {NOT_BUILT}.
          </Text>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" title={`Device ${info.device}`} truncate>
            Profile: {info.home}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <RemoteNotices currentProject={current.id} />
        {view === "dashboard" && <Dashboard projectId={current.id} />}
        {view === "tasks" && <TaskList projectId={current.id} />}
        {view === "add-project" && <ProjectSetup firstRun={false} onReady={added} />}
      </AppShell.Main>
    </AppShell>
  );
}
