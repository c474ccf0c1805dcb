// "What changed": everything that changed from a chosen start until now, grouped by author. The
// start is a moment, the last meeting of a series (e.g. since the last steering meeting), or the
// sync point this session started from ("while you were offline"). Follows new changes.
import { Alert, Button, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { views, type DiffStart, type WhatChanged } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { meetingSeries, periodLabel, toDiffStart, toLocalInput, type StartForm } from "../utils/diff";
import { changeCount } from "../utils/historyRows";
import { DiffResult } from "./DiffResult";

const loadMeetings = (projectId: string) => views.meetings(projectId);
const meetingsOnly = touchesKinds("meeting");

const MODES: { value: StartForm["mode"]; label: string }[] = [
  { value: "time", label: "Since a moment" },
  { value: "meeting", label: "Since the last meeting" },
  { value: "offline", label: "While I was offline" },
];

/** A week ago at midnight: a sensible first "since". */
function aWeekAgo(): string {
  const d = new Date();
  d.setDate(d.getDate() - 7);
  d.setHours(0, 0, 0, 0);
  return toLocalInput(d.getTime());
}

type Answer = { start: DiffStart; result: WhatChanged } | null;

export function DiffPanel({ projectId }: { projectId: string }) {
  const [form, setForm] = useState<StartForm>(() => ({ mode: "time", at: aWeekAgo(), series: null }));
  const [formError, setFormError] = useState<string | null>(null);
  const [asked, setAsked] = useState<DiffStart | null>(null);
  const meetings = useProjectResource(projectId, loadMeetings, meetingsOnly);
  const series = useMemo(() => meetingSeries(meetings.data ?? []), [meetings.data]);

  const askedKey = JSON.stringify(asked);
  // A new start is a new loader; each answer carries the start it was read for.
  const load = useCallback(
    (p: string): Promise<Answer> => {
      const start = JSON.parse(askedKey) as DiffStart | null;
      return start === null ? Promise.resolve(null) : views.diff(p, start).then((result) => ({ start, result }));
    },
    [askedKey],
  );
  const answer = useProjectResource(projectId, load);
  const shown = answer.data !== null && JSON.stringify(answer.data.start) === askedKey ? answer.data : null;

  function show() {
    const parsed = toDiffStart(form, Date.now());
    setFormError(parsed.error);
    if (parsed.start !== null) setAsked(parsed.start);
  }

  const set = (change: Partial<StartForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setFormError(null);
  };

  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            What changed
          </Text>
          <SegmentedControl data-testid="diff-mode" data={MODES} value={form.mode} onChange={(v) => set({ mode: v as StartForm["mode"] })} />
        </Stack>
        {form.mode === "time" && (
          <TextInput
            data-testid="diff-since"
            label="Since"
            type="datetime-local"
            value={form.at}
            error={formError}
            onChange={(e) => set({ at: e.currentTarget.value })}
          />
        )}
        {form.mode === "meeting" && (
          <Select
            data-testid="diff-series"
            label="Meeting series"
            placeholder={series.length === 0 ? "No meeting belongs to a series yet" : "Choose a series"}
            data={series}
            value={form.series}
            error={formError ?? meetings.error}
            onChange={(v) => set({ series: v })}
            w={240}
          />
        )}
        <Button data-testid="diff-show" onClick={show}>
          Show what changed
        </Button>
      </Group>
      {form.mode === "offline" && (
        <Text size="sm" c="dimmed">
          Compares the project now with where this replica stood when it last connected before this session:
          what others did while you were away, and what you did yourself.
        </Text>
      )}

      {answer.error && (
        <Alert color="red" title="Cannot show what changed" data-testid="diff-error">
          {answer.error}
        </Alert>
      )}
      {asked !== null && shown === null && !answer.error && <Text c="dimmed">Comparing…</Text>}
      {shown !== null && shown.result.diff === null && (
        <Alert color="blue" title="No earlier sync yet" data-testid="diff-no-sync">
          This replica has not synced this project before the current session, so there is nothing to compare with.
          Once it has been up to date with the server and you come back later, this shows what changed while you
          were away.
        </Alert>
      )}
      {shown !== null && shown.result.diff !== null && (
        <Stack data-testid="diff-result">
          <Title order={3}>
            {periodLabel(shown.start, shown.result)}: {changeCount(shown.result.diff.change_count)}
          </Title>
          <DiffResult diff={shown.result.diff} />
        </Stack>
      )}
    </Stack>
  );
}
