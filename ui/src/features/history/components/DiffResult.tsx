// One "what changed" result: per author, the items they created, changed, deleted or restored,
// each field before → after, and text fields as a diff (removed struck through in red, added in
// green).
import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { DiffView, FieldDiff, ItemDiff, TextSpan } from "../../../ipc";
import { CHANGE_WORDS, fieldName, hasEdits, itemKind, shownValue, trimUnchanged } from "../utils/diff";
import { changeCount } from "../utils/historyRows";

export function TextDiff({ spans }: { spans: TextSpan[] }) {
  return (
    <Text size="sm" component="div" style={{ whiteSpace: "pre-wrap" }} data-testid="text-diff">
      {trimUnchanged(spans).map((span, i) => {
        switch (span.op) {
          case "removed":
            return (
              <Text key={i} span c="red" td="line-through" data-op="removed">
                {span.text}
              </Text>
            );
          case "added":
            return (
              <Text key={i} span c="green" fw={500} data-op="added">
                {span.text}
              </Text>
            );
          case "same":
            return (
              <Text key={i} span c="dimmed" data-op="same">
                {span.text}
              </Text>
            );
        }
      })}
    </Text>
  );
}

function FieldRow({ field, created }: { field: FieldDiff; created: boolean }) {
  // A created item's text is shown as its value; a changed one's as what was removed and added.
  const text = !created && field.text !== null && hasEdits(field.text) ? field.text : null;
  return (
    <Group gap="xs" align="baseline" wrap="nowrap" data-testid="diff-field" data-field={field.field}>
      <Text size="sm" fw={500} miw={120}>
        {fieldName(field.field)}
      </Text>
      {text !== null ? (
        <TextDiff spans={text} />
      ) : (
        <Text size="sm">
          <Text span c="dimmed">
            {shownValue(field.before)}
          </Text>
          {" → "}
          <Text span>{shownValue(field.after)}</Text>
        </Text>
      )}
      {field.by && (
        <Text size="xs" c="dimmed">
          ({field.by})
        </Text>
      )}
    </Group>
  );
}

function ItemRow({ item }: { item: ItemDiff }) {
  const words = CHANGE_WORDS[item.change];
  return (
    <Paper withBorder p="xs" data-testid="diff-item" data-change={item.change}>
      <Group gap="xs" mb={item.fields.length > 0 ? 4 : 0}>
        <Badge size="sm" variant="light" color={words.color} tt="none">
          {words.label}
        </Badge>
        <Text size="sm" c="dimmed">
          {itemKind(item)}
        </Text>
        <Text size="sm" fw={600}>
          {item.label}
        </Text>
      </Group>
      <Stack gap={2}>
        {item.fields.map((f) => (
          <FieldRow key={f.field} field={f} created={item.change === "created"} />
        ))}
      </Stack>
    </Paper>
  );
}

export function DiffResult({ diff }: { diff: DiffView }) {
  if (diff.authors.length === 0) return <Text c="dimmed">Nothing changed in this period.</Text>;
  return (
    <Stack>
      {diff.authors.map((a) => (
        <Stack key={a.author} gap="xs" data-testid="diff-author">
          <Title order={4}>
            {a.author}{" "}
            <Text span c="dimmed" size="sm" fw={400}>
              {changeCount(a.changes.length)}
            </Text>
          </Title>
          {a.items.length === 0 && (
            <Text size="sm" c="dimmed">
              No item ended up different (the changes were undone, or touched only bookkeeping).
            </Text>
          )}
          {a.items.map((item) => (
            <ItemRow key={`${item.item ? `${item.item.kind}:${item.item.id}` : "project"}`} item={item} />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
