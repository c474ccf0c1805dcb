// The 5 × 5 risk matrix's rules: how serious a score is, and which risks a selected cell shows.
import type { RiskView } from "../../../ipc";

export type Level = { label: string; color: string };

/**
 * Probability × impact (1–25) as a level and its Mantine colour, following the usual 5 × 5
 * banding: up to 4 low, up to 9 medium, up to 16 high, above that critical.
 */
export function riskLevel(score: number): Level {
  if (score >= 20) return { label: "Critical", color: "red" };
  if (score >= 10) return { label: "High", color: "orange" };
  if (score >= 5) return { label: "Medium", color: "yellow" };
  return { label: "Low", color: "green" };
}

export type Cell = { probability: number; impact: number };

/**
 * The risks the register lists: every live one, or with a cell selected, the ones the matrix
 * counts in that cell (it counts only risks that are not closed).
 */
export function visibleRisks(risks: RiskView[], cell: Cell | null): RiskView[] {
  const live = risks.filter((r) => !r.deleted);
  if (cell === null) return live;
  return live.filter((r) => r.status !== "closed" && r.probability === cell.probability && r.impact === cell.impact);
}

export const SCALE = [1, 2, 3, 4, 5] as const;
