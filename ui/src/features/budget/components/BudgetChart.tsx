// Planned against committed and actual money per budget line, as a bar chart.
import { BarChart } from "@mantine/charts";
import { Box } from "@mantine/core";
import type { BudgetLineView } from "../../../ipc";
import { formatMoney } from "../utils/money";

export function BudgetChart({ lines, currency }: { lines: BudgetLineView[]; currency: string }) {
  // The chart's axis works in major units; tooltips go back to exact minor units.
  const data = lines.map((l) => ({
    line: l.name,
    planned: l.money.planned / 100,
    committed: l.money.committed / 100,
    actual: l.money.actual / 100,
  }));
  return (
    <Box data-testid="budget-chart">
      <BarChart
        h={Math.max(160, 40 + lines.length * 48)}
        data={data}
        dataKey="line"
        orientation="vertical"
        yAxisProps={{ width: 120 }}
        withLegend
        valueFormatter={(v) => formatMoney(Math.round(v * 100), currency)}
        series={[
          { name: "planned", label: "Planned", color: "blue.6" },
          { name: "committed", label: "Committed", color: "yellow.6" },
          { name: "actual", label: "Actual", color: "red.6" },
        ]}
      />
    </Box>
  );
}
