// Budget burn on the dashboard: planned against committed + actual money, as a stacked bar chart,
// with the figures written out (a chart alone is not readable by everyone).
import { BarChart } from "@mantine/charts";
import { Box, Group, Text } from "@mantine/core";
import type { DashboardView } from "../../../ipc";
import { formatMoney } from "../utils/health";

type Props = { budget: DashboardView["budget"]; currency: string };

export function BudgetBurn({ budget, currency }: Props) {
  const { planned, committed, actual, remaining } = budget.lines;
  const money = (minor: number) => formatMoney(minor, currency);
  // The chart's axis works in major units; the labels go back to exact minor units.
  const data = [
    { label: "Planned", planned: planned / 100 },
    { label: "Committed + actual", committed: committed / 100, actual: actual / 100 },
  ];
  const empty = planned === 0 && committed === 0 && actual === 0;

  return (
    <>
      {empty ? (
        <Text c="dimmed" data-testid="dashboard-budget-chart">
          No budget lines or expenses yet. Plan the budget in Resources &amp; budget.
        </Text>
      ) : (
        <Box data-testid="dashboard-budget-chart">
          <BarChart
            h={180}
            data={data}
            dataKey="label"
            type="stacked"
            orientation="vertical"
            yAxisProps={{ width: 140 }}
            valueFormatter={(v) => money(Math.round(v * 100))}
            referenceLines={
              budget.project_budget === null
                ? undefined
                : [{ x: budget.project_budget / 100, label: "Project budget", color: "gray.6" }]
            }
            series={[
              { name: "planned", label: "Planned", color: "blue.6" },
              { name: "committed", label: "Committed", color: "yellow.6" },
              { name: "actual", label: "Actual", color: "red.6" },
            ]}
          />
        </Box>
      )}
      <Group gap="lg" mt="xs" data-testid="dashboard-budget">
        <Text size="sm">Planned {money(planned)}</Text>
        <Text size="sm">Committed {money(committed)}</Text>
        <Text size="sm">Actual {money(actual)}</Text>
        <Text size="sm" c={remaining < 0 ? "red" : undefined} fw={remaining < 0 ? 700 : undefined}>
          Remaining {money(remaining)}
        </Text>
        {budget.project_budget !== null && <Text size="sm">Project budget {money(budget.project_budget)}</Text>}
      </Group>
    </>
  );
}
