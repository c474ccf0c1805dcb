// The coordinator's look back: the list of changes (filtered and grouped), what changed since a
// moment, a meeting or your previous sync (by author), and the project as of a past moment
// (read-only).
import { Stack, Tabs, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import type { ChangeInfo, Moment } from "../../../ipc";
import { useItemHistory, type HistoryRequest } from "../../../hooks/useItemHistory";
import { AsOfPanel } from "./AsOfPanel";
import { ChangesPanel } from "./ChangesPanel";
import { DiffPanel } from "./DiffPanel";

type Tab = "changes" | "diff" | "as-of";

export function HistoryView({ projectId }: { projectId: string }) {
  const [tab, setTab] = useState<Tab>("changes");
  const [moment, setMoment] = useState<Moment | null>(null);
  // Another view asked for one item's history (a task's "Show its history"); taken at once, so
  // the first read is already the item's.
  const { request, settle } = useItemHistory();
  const [itemRequest, setItemRequest] = useState<HistoryRequest | null>(request);
  useEffect(() => {
    if (request === null) return;
    setTab("changes");
    setItemRequest(request);
    settle(request.seq);
  }, [request, settle]);

  function asOf(change: ChangeInfo) {
    setMoment({ at: "change", hash: change.hash });
    setTab("as-of");
  }

  return (
    <Stack>
      <Title order={2}>History</Title>
      <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)}>
        <Tabs.List>
          <Tabs.Tab value="changes" data-testid="history-tab-changes">
            Changes
          </Tabs.Tab>
          <Tabs.Tab value="diff" data-testid="history-tab-diff">
            What changed
          </Tabs.Tab>
          <Tabs.Tab value="as-of" data-testid="history-tab-as-of">
            As of a moment
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="changes" pt="sm">
          <ChangesPanel projectId={projectId} onAsOf={asOf} itemRequest={itemRequest} />
        </Tabs.Panel>
        <Tabs.Panel value="diff" pt="sm">
          <DiffPanel projectId={projectId} />
        </Tabs.Panel>
        <Tabs.Panel value="as-of" pt="sm">
          <AsOfPanel projectId={projectId} moment={moment} onMoment={setMoment} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
