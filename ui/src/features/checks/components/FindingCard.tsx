// One finding: severity, kind, what is wrong and what to do, the items it names (links that open
// each item where the app shows it) and the changes that caused it, with author and time.
import { Anchor, Badge, Group, List, Paper, Text } from "@mantine/core";
import type { Finding, ItemLabel, ItemRef } from "../../../ipc";
import { kindTitle, labelOf, madeBy } from "../utils/findings";

type Props = {
  finding: Finding;
  labels: ItemLabel[];
  /** Opens an item in the view that shows it; without it the items are plain text. */
  onOpenItem?: (item: ItemRef, label: string) => void;
};

export function FindingCard({ finding, labels, onOpenItem }: Props) {
  return (
    <Paper withBorder p="sm" data-testid="finding" data-finding-kind={finding.kind} data-finding-key={finding.key}>
      <Group gap="xs" mb={4}>
        <Badge color={finding.severity === "error" ? "red" : "yellow"} data-testid="finding-severity">
          {finding.severity}
        </Badge>
        <Text fw={600} data-testid="finding-kind">
          {kindTitle(finding.kind)}
        </Text>
      </Group>
      <Text size="sm" mb="xs" data-testid="finding-message">
        {finding.message}
      </Text>
      {finding.items.length > 0 && (
        <Group gap="xs" mb="xs">
          <Text size="sm" c="dimmed">
            Involves:
          </Text>
          {finding.items.map((item) => {
            const label = labelOf(labels, item);
            return onOpenItem ? (
              <Anchor
                key={`${item.kind}:${item.id}`}
                component="button"
                size="sm"
                data-testid="finding-item"
                onClick={() => onOpenItem(item, label)}
              >
                {label}
              </Anchor>
            ) : (
              <Text key={`${item.kind}:${item.id}`} size="sm" data-testid="finding-item">
                {label}
              </Text>
            );
          })}
        </Group>
      )}
      {finding.caused_by.length > 0 && (
        <>
          <Text size="sm" c="dimmed">
            Caused by:
          </Text>
          <List size="sm" spacing={2}>
            {finding.caused_by.map((c) => (
              <List.Item key={c.hash} data-testid="finding-cause" data-author={c.author_name}>
                <Text span size="sm" fw={500}>
                  {madeBy(c)}
                </Text>
                <Text span size="sm" c="dimmed">
                  {" "}
                  — {c.summary}
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Paper>
  );
}
