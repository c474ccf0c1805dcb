// The filter bar: author, kind, period (whole days) and, after clicking a reference, one item.
import { Badge, CloseButton, Group, NativeSelect, TextInput } from "@mantine/core";
import type { ItemRef, MemberView } from "../../../ipc";
import type { LogKind } from "../types";
import type { FilterForm } from "../utils/logPaging";
import { LOG_KINDS } from "./AddLogEntryForm";

type Props = {
  value: FilterForm;
  onChange: (value: FilterForm) => void;
  members: MemberView[];
  nameOf: (ref: ItemRef) => string;
};

export function LogFilters({ value, onChange, members, nameOf }: Props) {
  const set = <K extends keyof FilterForm>(key: K, v: FilterForm[K]) => onChange({ ...value, [key]: v });
  return (
    <Group gap="xs" align="flex-end">
      <NativeSelect
        data-testid="log-filter-author"
        label="Author"
        size="xs"
        data={[{ value: "", label: "Anyone" }, ...members.map((m) => ({ value: m.id, label: m.name }))]}
        value={value.author ?? ""}
        onChange={(e) => set("author", e.currentTarget.value || null)}
      />
      <NativeSelect
        data-testid="log-filter-kind"
        label="Kind"
        size="xs"
        data={[{ value: "", label: "Any kind" }, ...LOG_KINDS]}
        value={value.kind ?? ""}
        onChange={(e) => set("kind", (e.currentTarget.value || null) as LogKind | null)}
      />
      <TextInput
        data-testid="log-filter-from"
        label="From"
        type="date"
        size="xs"
        value={value.fromDay}
        onChange={(e) => set("fromDay", e.currentTarget.value)}
      />
      <TextInput
        data-testid="log-filter-to"
        label="Until"
        type="date"
        size="xs"
        value={value.toDay}
        onChange={(e) => set("toDay", e.currentTarget.value)}
      />
      {value.item && (
        <Group gap={2} pb={4}>
          <Badge variant="light" tt="none" data-testid="log-filter-item">
            About {nameOf(value.item)}
          </Badge>
          <CloseButton size="sm" aria-label="Show entries about anything" onClick={() => set("item", null)} />
        </Group>
      )}
    </Group>
  );
}
