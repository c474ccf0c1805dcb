// The 5 × 5 probability × impact matrix: each cell shows how many open risks sit there, coloured
// by severity. Clicking a cell filters the register to it; clicking it again shows all.
import { Box, Group, SimpleGrid, Text, UnstyledButton } from "@mantine/core";
import type { RiskMatrixView } from "../../../ipc";
import { riskLevel, SCALE, type Cell } from "../utils/matrix";

type Props = { matrix: RiskMatrixView; selected: Cell | null; onSelect: (cell: Cell | null) => void };

export function RiskMatrix({ matrix, selected, onSelect }: Props) {
  const count = (probability: number, impact: number) =>
    matrix.cells.find((c) => c.probability === probability && c.impact === impact)?.risks.length ?? 0;
  const isSelected = (p: number, i: number) => selected?.probability === p && selected?.impact === i;

  return (
    <Box data-testid="risk-matrix" maw={460}>
      <Group gap="xs" align="stretch" wrap="nowrap">
        <Text size="xs" c="dimmed" style={{ writingMode: "vertical-rl", transform: "rotate(180deg)", textAlign: "center" }}>
          Probability →
        </Text>
        <div style={{ flex: 1 }}>
          {/* Highest probability on top, as risk matrices are read. */}
          <SimpleGrid cols={6} spacing={4} verticalSpacing={4}>
            {[...SCALE].reverse().flatMap((p) => [
              <Text key={`p${p}`} size="sm" c="dimmed" ta="right" pr={4} style={{ alignSelf: "center" }}>
                {p}
              </Text>,
              ...SCALE.map((i) => {
                const n = count(p, i);
                const level = riskLevel(p * i);
                const chosen = isSelected(p, i);
                return (
                  <UnstyledButton
                    key={`${p}-${i}`}
                    data-testid="risk-matrix-cell"
                    data-probability={p}
                    data-impact={i}
                    data-count={n}
                    aria-pressed={chosen}
                    aria-label={`Probability ${p}, impact ${i}: ${n} open ${n === 1 ? "risk" : "risks"} (${level.label.toLowerCase()})`}
                    onClick={() => onSelect(chosen ? null : { probability: p, impact: i })}
                    style={{
                      height: 48,
                      borderRadius: 4,
                      textAlign: "center",
                      background: `var(--mantine-color-${level.color}-${n > 0 ? 4 : 1})`,
                      outline: chosen ? "3px solid var(--mantine-color-dark-6)" : undefined,
                      fontWeight: n > 0 ? 700 : 400,
                    }}
                  >
                    {n > 0 ? n : ""}
                  </UnstyledButton>
                );
              }),
            ])}
            <div />
            {SCALE.map((i) => (
              <Text key={`i${i}`} size="sm" c="dimmed" ta="center">
                {i}
              </Text>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed" ta="center" mt={4}>
            Impact →
          </Text>
        </div>
      </Group>
      <Text size="sm" mt="xs" data-testid="risk-counts">
        {matrix.counts.open} open · {matrix.counts.mitigating} mitigating · {matrix.counts.occurred} occurred ·{" "}
        {matrix.counts.closed} closed
      </Text>
    </Box>
  );
}
