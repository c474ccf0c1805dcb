// How the dashboard writes a share of work done.

/** `42.5%`, `100%`: one decimal at most, as the core computes it, clamped to 0–100. */
export function percentText(percent: number): string {
  if (!Number.isFinite(percent)) return "0%";
  const clamped = Math.min(100, Math.max(0, percent));
  return `${Number(clamped.toFixed(1))}%`;
}
