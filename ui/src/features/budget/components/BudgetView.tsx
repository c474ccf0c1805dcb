// The resources & budget view: budget lines with planned / committed / actual money and a chart,
// the expenses booked on them, the project's resources, and their allocations to tasks.
import { Alert, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { views } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { localDay } from "../utils/forms";
import { formatMoney } from "../utils/money";
import { Allocations } from "./Allocations";
import { BudgetLines } from "./BudgetLines";
import { Expenses } from "./Expenses";
import { ProjectBudget } from "./ProjectBudget";
import { Resources } from "./Resources";

const loadBudget = (projectId: string) => views.budget(projectId);
const loadExpenses = (projectId: string) => views.expenses(projectId);
const loadResources = (projectId: string) => views.resources(projectId);
const loadAllocations = (projectId: string) => views.allocations(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const loadTasks = (projectId: string) => views.tasks(projectId);
const budgetKinds = touchesKinds("budget_line", "expense");
const expenseKinds = touchesKinds("expense", "budget_line", "resource");
const resourceKinds = touchesKinds("resource", "allocation", "task", "member");
const allocationKinds = touchesKinds("allocation", "resource", "task");
const memberKinds = touchesKinds("member");
const taskKinds = touchesKinds("task");

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

function LoadState({ error, what }: { error: string | null; what: string }) {
  return error ? (
    <Alert color="red" title={`Cannot load the ${what}`}>
      {error}
    </Alert>
  ) : (
    <Text c="dimmed">Loading {what}…</Text>
  );
}

export function BudgetView({ projectId }: { projectId: string }) {
  const budget = useProjectResource(projectId, loadBudget, budgetKinds);
  const expenses = useProjectResource(projectId, loadExpenses, expenseKinds);
  const resources = useProjectResource(projectId, loadResources, resourceKinds);
  const allocations = useProjectResource(projectId, loadAllocations, allocationKinds);
  const members = useProjectResource(projectId, loadMembers, memberKinds);
  const tasks = useProjectResource(projectId, loadTasks, taskKinds);
  const b = budget.data;
  const money = (minor: number) => formatMoney(minor, b?.currency ?? "EUR");

  return (
    <Stack data-testid="budget-view">
      <Title order={2}>Resources &amp; budget</Title>
      {b === null ? (
        <LoadState error={budget.error} what="budget" />
      ) : (
        <>
          {budget.error && (
            <Alert color="red" title="Showing the last loaded budget">
              {budget.error}
            </Alert>
          )}
          <Group gap="xl" data-testid="budget-summary">
            <Text>Planned {money(b.totals.planned)}</Text>
            <Text>Committed {money(b.totals.committed)}</Text>
            <Text>Actual {money(b.totals.actual)}</Text>
            <Text c={b.totals.remaining < 0 ? "red" : undefined} fw={b.totals.remaining < 0 ? 700 : undefined}>
              Remaining {money(b.totals.remaining)}
            </Text>
            {b.project_budget !== null && <Text>Project budget {money(b.project_budget)}</Text>}
            {b.unplanned !== null && (
              <Text c={b.unplanned < 0 ? "red" : "dimmed"}>
                {b.unplanned < 0 ? `Lines plan ${money(-b.unplanned)} more than the project budget` : `Not yet planned ${money(b.unplanned)}`}
              </Text>
            )}
          </Group>
          <ProjectBudget key={b.project_budget ?? "none"} projectId={projectId} budget={b.project_budget} />
          <Section title="Budget lines" testId="budget-lines">
            <BudgetLines projectId={projectId} budget={b} />
          </Section>
          <Section title="Expenses" testId="budget-expenses">
            {expenses.data === null ? (
              <LoadState error={expenses.error} what="expenses" />
            ) : (
              <Expenses
                projectId={projectId}
                currency={b.currency}
                expenses={expenses.data}
                lines={b.lines}
                resources={resources.data ?? []}
                today={localDay(new Date())}
              />
            )}
          </Section>
        </>
      )}
      <Section title="Resources" testId="budget-resources">
        {resources.data === null ? (
          <LoadState error={resources.error} what="resources" />
        ) : (
          <Resources
            projectId={projectId}
            currency={b?.currency ?? "EUR"}
            resources={resources.data}
            members={members.data ?? []}
          />
        )}
      </Section>
      <Section title="Allocations" testId="budget-allocations">
        {allocations.data === null ? (
          <LoadState error={allocations.error} what="allocations" />
        ) : (
          <Allocations
            projectId={projectId}
            allocations={allocations.data}
            resources={resources.data ?? []}
            tasks={tasks.data ?? []}
          />
        )}
      </Section>
    </Stack>
  );
}
