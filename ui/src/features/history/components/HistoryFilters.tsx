// The history's filter bar: who made the changes, which item they touched, a period of whole
// days, and how the list is grouped.
import { Group, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import type { MemberView } from "../../../ipc";
import type { FilterForm, Grouping } from "../utils/historyFilter";
import { ItemPicker } from "./ItemPicker";

type Props = {
  projectId: string;
  value: FilterForm;
  onChange: (value: FilterForm) => void;
  /** Why the period cannot be used, shown at its end. */
  periodError: string | null;
  grouping: Grouping;
  onGrouping: (grouping: Grouping) => void;
  members: MemberView[];
};

const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: "day", label: "By day" },
  { value: "author", label: "By author" },
  { value: "none", label: "No groups" },
];

export function HistoryFilters({ projectId, value, onChange, periodError, grouping, onGrouping, members }: Props) {
  const set = <K extends keyof FilterForm>(key: K, v: FilterForm[K]) => onChange({ ...value, [key]: v });
  return (
    <Group align="flex-start" gap="sm">
      <Select
        data-testid="history-member-filter"
        label="Changes by"
        placeholder="Everyone"
        searchable
        clearable
        w={200}
        data={members.map((m) => ({ value: m.id, label: m.deleted ? `${m.name} (removed)` : m.name }))}
        value={value.member}
        onChange={(v) => set("member", v)}
      />
      <ItemPicker projectId={projectId} value={value.item} onChange={(item) => set("item", item)} />
      <TextInput
        data-testid="history-from"
        label="From"
        type="date"
        w={160}
        value={value.fromDay}
        onChange={(e) => set("fromDay", e.currentTarget.value)}
      />
      <TextInput
        data-testid="history-to"
        label="Until (included)"
        type="date"
        w={160}
        value={value.toDay}
        error={periodError}
        onChange={(e) => set("toDay", e.currentTarget.value)}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Group
        </Text>
        <SegmentedControl
          data-testid="history-grouping"
          data={GROUPINGS}
          value={grouping}
          onChange={(v) => onGrouping(v as Grouping)}
        />
      </Stack>
    </Group>
  );
}
