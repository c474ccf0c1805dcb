// Wording of the read-only "as of" view.
import type { AsOfView, DashboardView, Moment } from "../../../ipc";
import { formatMoment } from "./diff";

/** "Apollo as of Tue, Dec 1, 2026, 09:00", or "… right after change 0a1b2c3d (time)". */
export function asOfTitle(view: AsOfView, moment: Moment): string {
  if (moment.at === "time") return `${view.dashboard.name} as of ${formatMoment(moment.time)}`;
  const when = view.last_change ? ` (${formatMoment(view.last_change.time)})` : "";
  return `${view.dashboard.name} right after change ${moment.hash.slice(0, 8)}${when}`;
}

export function healthColor(health: DashboardView["health"]): string {
  switch (health) {
    case "on_track":
      return "green";
    case "at_risk":
      return "yellow";
    case "off_track":
      return "red";
  }
}

/** `in_progress` as "in progress". */
export function statusLabel(status: string): string {
  return status.replace(/_/g, " ");
}
