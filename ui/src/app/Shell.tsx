// The window around a project: header (name, switcher, search, sync), left nav, and the view in the main area.
import { Alert, AppShell, Button, Group, Kbd, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import type { AppInfo, ItemRef, ProjectSummary, SearchHit } from "../ipc";
import { createFocusStore, FocusProvider, useFocusState } from "../hooks/useFocusRequest";
import { ItemHistoryProvider, type HistoryRequest } from "../hooks/useItemHistory";
import { BudgetView } from "../features/budget/components/BudgetView";
import { ChecksView } from "../features/checks/components/ChecksView";
import { MergeFindingsNotice } from "../features/checks/components/MergeFindingsNotice";
import { ConflictsView } from "../features/conflicts/components/ConflictsView";
import { Dashboard } from "../features/dashboard/components/Dashboard";
import { DecisionsView } from "../features/decisions/components/DecisionsView";
import { DeliverablesView } from "../features/deliverables/components/DeliverablesView";
import { ExportsView } from "../features/exports/components/ExportsView";
import { GoalsView } from "../features/goals/components/GoalsView";
import { HistoryView } from "../features/history/components/HistoryView";
import { LogView } from "../features/log/components/LogView";
import { MeetingsView } from "../features/meetings/components/MeetingsView";
import { MembersView } from "../features/members/components/MembersView";
import { PlanView } from "../features/plan/components/PlanView";
import { OpeningNotice } from "../features/projects/components/OpeningNotice";
import { ProjectSetup } from "../features/projects/components/ProjectSetup";
import { ProjectSwitcher } from "../features/projects/components/ProjectSwitcher";
import { ReportsView } from "../features/reports/components/ReportsView";
import { RequestsView } from "../features/requests/components/RequestsView";
import { RisksView } from "../features/risks/components/RisksView";
import { RemoteNotices } from "../features/sync/components/RemoteNotices";
import { SyncBadge } from "../features/sync/components/SyncBadge";
import { TaskList } from "../features/tasks/components/TaskList";
import { WorkloadView } from "../features/workload/components/WorkloadView";
import { createSpotlight } from "@mantine/spotlight";
import { CommandPalette } from "./CommandPalette";
import { VIEWS, type ViewId, planForHit, shortcutFor } from "./views";
import "./focus.css";

type View = ViewId | "add-project";

/** What views may ask of the shell. */
type ViewActions = {
  /** Opens an item in the view that shows it. */
  openItem: (item: ItemRef, label: string) => void;
  /** A project was added (an archive opened): it is current now. */
  projectAdded: (project: ProjectSummary) => Promise<void>;
};

/** The component showing `view` of the project. */
function ViewBody({ view, projectId, actions }: { view: ViewId; projectId: string; actions: ViewActions }): ReactNode {
  switch (view) {
    case "dashboard":
      return <Dashboard projectId={projectId} />;
    case "plan":
      return <PlanView projectId={projectId} />;
    case "tasks":
      return <TaskList projectId={projectId} />;
    case "workload":
      return <WorkloadView projectId={projectId} />;
    case "goals":
      return <GoalsView projectId={projectId} />;
    case "budget":
      return <BudgetView projectId={projectId} />;
    case "risks":
      return <RisksView projectId={projectId} />;
    case "decisions":
      return <DecisionsView projectId={projectId} />;
    case "meetings":
      return <MeetingsView projectId={projectId} />;
    case "log":
      return <LogView projectId={projectId} />;
    case "requests":
      return <RequestsView projectId={projectId} />;
    case "deliverables":
      return <DeliverablesView projectId={projectId} />;
    case "members":
      return <MembersView projectId={projectId} />;
    case "history":
      return <HistoryView projectId={projectId} />;
    case "conflicts":
      return <ConflictsView projectId={projectId} />;
    case "checks":
      return <ChecksView projectId={projectId} onOpenItem={actions.openItem} />;
    case "reports":
      return <ReportsView projectId={projectId} />;
    case "exports":
      return <ExportsView projectId={projectId} onProjectOpened={actions.projectAdded} />;
  }
}

type Props = {
  info: AppInfo;
  projects: ProjectSummary[];
  current: ProjectSummary;
  onSelect: (projectId: string) => Promise<void>;
  onAdded: (project: ProjectSummary) => Promise<void>;
};

/** What the shell says about the last search hit opened: what it opened, or why the item is not shown. */
function FocusNotice() {
  const { note, store } = useFocusState();
  if (note === null) return null;
  return (
    <Alert color="blue" variant="light" mb="sm" withCloseButton onClose={store.dismiss} data-testid="focus-notice">
      {note}
    </Alert>
  );
}

export function Shell({ info, projects, current, onSelect, onAdded }: Props) {
  const [view, setView] = useState<View>("dashboard");
  const [[paletteStore, palette]] = useState(createSpotlight);
  const [focus] = useState(createFocusStore);

  /** Opens a view by hand (navigation, shortcuts): a search hit still waiting to be shown is dropped. */
  function go(next: View) {
    focus.cancel();
    setView(next);
  }

  /** Opens the view that shows an item (a search hit, an item a finding names) and asks it to show the item. */
  function openItem(item: ItemRef, label: string) {
    const plan = planForHit({ kind: item.kind, label });
    if (plan.focus) focus.request(item.kind, item.id, label, plan.note);
    else focus.say(plan.note);
    setView(plan.view);
  }

  function openHit(hit: SearchHit) {
    openItem({ kind: hit.kind, id: hit.id }, hit.label);
  }

  // An item's history asked for from the view showing the item (e.g. a task's drawer).
  const [historyRequest, setHistoryRequest] = useState<HistoryRequest | null>(null);
  const openHistory = useCallback(
    (item: ItemRef, label: string) => {
      focus.cancel();
      setHistoryRequest((r) => ({ item, label, seq: (r?.seq ?? 0) + 1 }));
      setView("history");
    },
    [focus],
  );
  const settleHistory = useCallback((seq: number) => setHistoryRequest((r) => (r?.seq === seq ? null : r)), []);
  const itemHistory = useMemo(
    () => ({ request: historyRequest, open: openHistory, settle: settleHistory }),
    [historyRequest, openHistory, settleHistory],
  );

  // Requests name items of the project they were made in.
  useEffect(() => {
    focus.cancel();
    setHistoryRequest(null);
  }, [focus, current.id]);

  useHotkeys(
    VIEWS.flatMap((v, i) => {
      const keys = shortcutFor(i);
      return keys === null ? [] : [[keys, () => go(v.id)] as [string, () => void]];
    }),
  );

  async function added(project: ProjectSummary) {
    await onAdded(project);
    go("dashboard");
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
          <Group gap="sm" wrap="nowrap">
            <Button
              variant="default"
              size="xs"
              data-testid="open-palette"
              onClick={() => palette.open()}
              rightSection={<Kbd size="xs">Ctrl K</Kbd>}
            >
              Search
            </Button>
            <SyncBadge projectId={current.id} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {VIEWS.map((v, i) => (
            <NavLink
              key={v.id}
              component="button"
              data-testid={`nav-${v.id}`}
              label={v.label}
              title={shortcutFor(i) === null ? v.description : `${v.description} (${shortcutFor(i)})`}
              active={view === v.id}
              onClick={() => go(v.id)}
            />
          ))}
          <NavLink
            component="button"
            data-testid="nav-add-project"
            label="Add a project"
            active={view === "add-project"}
            onClick={() => go("add-project")}
          />
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" title={`Device ${info.device}`} truncate>
            Profile: {info.home}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <FocusProvider store={focus}>
          <ItemHistoryProvider value={itemHistory}>
            <OpeningNotice projectId={current.id} />
            <RemoteNotices currentProject={current.id} />
            <MergeFindingsNotice currentProject={current.id} onOpenChecks={() => go("checks")} />
            <CommandPalette store={paletteStore} projectId={current.id} onNavigate={go} onOpenHit={openHit} />
            <FocusNotice />
            {view !== "add-project" && (
              <ViewBody view={view} projectId={current.id} actions={{ openItem, projectAdded: added }} />
            )}
            {view === "add-project" && <ProjectSetup firstRun={false} onReady={added} />}
          </ItemHistoryProvider>
        </FocusProvider>
      </AppShell.Main>
    </AppShell>
  );
}
