// The command palette (mod+K): jump to any view, or search the whole project and open the item found.
import { Badge, Group, Text } from "@mantine/core";
import { Spotlight, type SpotlightStore } from "@mantine/spotlight";
import { useEffect, useState } from "react";
import { search, type SearchHit } from "../ipc";
import { VIEWS, type ViewId, viewForKind } from "./views";

/** How long typing must pause before the project is searched. */
const SEARCH_DELAY_MS = 150;
const MAX_HITS = 30;

type Props = {
  /** From `createSpotlight()`; its actions open and close this palette. */
  store: SpotlightStore;
  projectId: string;
  onNavigate: (view: ViewId) => void;
  /** A search hit was chosen: open the item (the shell asks its view to show it). */
  onOpenHit: (hit: SearchHit) => void;
};

export function CommandPalette({ store, projectId, onNavigate, onOpenHit }: Props) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const text = query.trim();
    if (text.length < 2) {
      setHits([]);
      setError(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      search(projectId, text, MAX_HITS).then(
        (found) => {
          if (!current) return;
          setHits(found);
          setError(null);
        },
        (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [projectId, query]);

  /** Opens `view` and leaves the palette empty for next time. */
  function go(view: ViewId) {
    setQuery("");
    onNavigate(view);
  }

  /** Opens the item found and leaves the palette empty for next time. */
  function open(hit: SearchHit) {
    setQuery("");
    onOpenHit(hit);
  }

  const needle = query.trim().toLowerCase();
  const views = VIEWS.filter((v) => needle === "" || `${v.label} ${v.description}`.toLowerCase().includes(needle));

  return (
    <Spotlight.Root store={store} query={query} onQueryChange={setQuery} shortcut={["mod + K", "/"]}>
      <Spotlight.Search placeholder="Go to a view, or search the project…" data-testid="palette-input" />
      <Spotlight.ActionsList>
        {views.length > 0 && (
          <Spotlight.ActionsGroup label="Views">
            {views.map((v) => (
              <Spotlight.Action
                key={v.id}
                label={v.label}
                description={v.description}
                data-testid="palette-view"
                onClick={() => go(v.id)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {hits.length > 0 && (
          <Spotlight.ActionsGroup label="In this project">
            {hits.map((h) => (
              <Spotlight.Action
                key={`${h.kind}:${h.id}`}
                data-testid="palette-hit"
                title={`Open in ${VIEWS.find((v) => v.id === viewForKind(h.kind))?.label ?? "the dashboard"}`}
                onClick={() => open(h)}
              >
                <Group wrap="nowrap" w="100%">
                  <Badge variant="light" size="sm">
                    {h.kind.replace("_", " ")}
                  </Badge>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {h.label}
                    </Text>
                    {h.field !== "title" && (
                      <Text size="xs" c="dimmed" truncate>
                        {h.field}: {h.snippet}
                      </Text>
                    )}
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        )}
        {error !== null && <Spotlight.Empty>Search failed: {error}</Spotlight.Empty>}
        {error === null && views.length === 0 && hits.length === 0 && (
          <Spotlight.Empty>
            {needle.length < 2 ? "Type at least two letters to search." : `Nothing matches “${query.trim()}”.`}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
