// Choosing the item whose history to show: type part of its title, pick it from the search hits
// (any kind of item, log entries included).
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useMemo, useState } from "react";
import { search, type SearchHit } from "../../../ipc";
import { itemValue, parseItemValue, type ItemChoice } from "../utils/historyFilter";
import { itemLabel } from "../utils/historyRows";

const HITS = 20;

type Props = { projectId: string; value: ItemChoice | null; onChange: (item: ItemChoice | null) => void };

/** "Write the brief (task)". */
function hitLabel(hit: SearchHit): string {
  return `${hit.label} (${hit.kind.replace(/_/g, " ")})`;
}

export function ItemPicker({ projectId, value, onChange }: Props) {
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query, 200);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = debounced.trim();
    // The chosen item's own label is in the box once picked; searching for it adds nothing.
    if (q === "" || q === value?.label) return;
    let live = true;
    search(projectId, q, HITS).then(
      (found) => {
        if (!live) return;
        setHits(found);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [projectId, debounced, value?.label]);

  const data = useMemo(() => {
    const options = hits.map((h) => ({ value: itemValue(h), label: hitLabel(h) }));
    if (value !== null && !options.some((o) => o.value === itemValue(value.ref))) {
      options.unshift({ value: itemValue(value.ref), label: value.label });
    }
    return options;
  }, [hits, value]);

  return (
    <Select
      data-testid="history-item-filter"
      label="About the item"
      placeholder="Any item: type to search"
      searchable
      clearable
      w={260}
      data={data}
      value={value === null ? null : itemValue(value.ref)}
      searchValue={query}
      onSearchChange={setQuery}
      // The hits are already what matches; Mantine's own filter would hide items found by their text.
      filter={({ options }) => options}
      nothingFoundMessage={query.trim() === "" ? "Type part of a title" : "No item matches"}
      error={error}
      onChange={(v, option) => {
        const ref = v === null ? null : parseItemValue(v);
        onChange(ref === null ? null : { ref, label: option?.label ?? itemLabel(ref) });
      }}
    />
  );
}
