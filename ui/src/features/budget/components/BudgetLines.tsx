// Budget lines: planned, committed, actual and remaining money per line, over-budget lines
// highlighted, totals, the chart; add, edit and delete lines.
import { ActionIcon, Alert, Badge, Group, Modal, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { BudgetLineView, BudgetView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { checkLine, EMPTY_LINE, lineForm, linePatch, type LineForm } from "../utils/forms";
import { formatMoney } from "../utils/money";
import { BudgetChart } from "./BudgetChart";
import { EntityForm, type Field } from "./EntityForm";

function LineFields({ field, prefix }: { field: (name: keyof LineForm) => Field; prefix: string }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
      <TextInput label="Line" placeholder="e.g. Venue hire" data-testid={`${prefix}-budget-line-name`} {...field("name")} />
      <TextInput label="Category" placeholder="e.g. Events" {...field("category")} />
      <TextInput label="Planned" inputMode="decimal" placeholder="2,500.00" data-testid={`${prefix}-budget-line-planned`} {...field("planned")} />
    </SimpleGrid>
  );
}

type Props = { projectId: string; budget: BudgetView };

export function BudgetLines({ projectId, budget }: Props) {
  const adding = useCommand(projectId);
  const editing = useCommand(projectId);
  const rows = useCommand(projectId);
  const [edited, setEdited] = useState<BudgetLineView | null>(null);
  const money = (minor: number) => formatMoney(minor, budget.currency);
  const { totals } = budget;

  async function add(values: LineForm) {
    const checked = checkLine(values);
    if (!checked.ok) return checked.errors;
    const done = await adding.run({ area: "resource", command: { action: "add_budget_line", ...checked.value } });
    return done ? null : {};
  }

  async function save(line: BudgetLineView, values: LineForm) {
    const patch = linePatch(line, values);
    if (!patch.ok) return patch.errors;
    if (Object.keys(patch.value).length > 0) {
      const done = await editing.run({
        area: "resource",
        command: { action: "update_budget_line", id: line.id, patch: patch.value },
      });
      if (!done) return {};
    }
    setEdited(null);
    return null;
  }

  return (
    <>
      <EntityForm
        initial={EMPTY_LINE}
        onSubmit={add}
        submitLabel="Add budget line"
        submitTestId="add-budget-line"
        resetAfter
        canSubmit={(v) => v.name.trim() !== ""}
      >
        {(field) => <LineFields field={field} prefix="new" />}
      </EntityForm>
      {adding.error && (
        <Alert color="red" title="The budget line was not added">
          {adding.error}
        </Alert>
      )}
      {rows.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rows.clearError}>
          {rows.error}
        </Alert>
      )}

      {budget.lines.length === 0 ? (
        <Text c="dimmed">No budget lines yet. Add the first one above with its planned amount.</Text>
      ) : (
        <>
          <BudgetChart lines={budget.lines} currency={budget.currency} />
          <Table highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th ta="right">Planned</Table.Th>
                <Table.Th ta="right">Committed</Table.Th>
                <Table.Th ta="right">Actual</Table.Th>
                <Table.Th ta="right">Remaining</Table.Th>
                <Table.Th w={80} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {budget.lines.map((line) => (
                <Table.Tr
                  key={line.id}
                  data-testid="budget-line-row"
                  data-budget-line-id={line.id}
                  data-over={line.over ? "true" : "false"}
                  bg={line.over ? "var(--mantine-color-red-light)" : undefined}
                >
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{line.name}</Text>
                      {line.over && (
                        <Badge color="red" size="xs" tt="none">
                          over budget
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{line.category}</Table.Td>
                  <Table.Td ta="right">{money(line.money.planned)}</Table.Td>
                  <Table.Td ta="right">{money(line.money.committed)}</Table.Td>
                  <Table.Td ta="right">{money(line.money.actual)}</Table.Td>
                  <Table.Td ta="right" c={line.money.remaining < 0 ? "red" : undefined} data-testid="budget-line-remaining">
                    {money(line.money.remaining)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={`Edit ${line.name}`} onClick={() => setEdited(line)}>
                        ✎
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${line.name}`}
                        onClick={() =>
                          void rows.run({ area: "item", command: { action: "delete", kind: "budget_line", id: line.id } })
                        }
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr data-testid="budget-totals" fw={700}>
                <Table.Td colSpan={2}>Total</Table.Td>
                <Table.Td ta="right">{money(totals.planned)}</Table.Td>
                <Table.Td ta="right">{money(totals.committed)}</Table.Td>
                <Table.Td ta="right">{money(totals.actual)}</Table.Td>
                <Table.Td ta="right" c={totals.remaining < 0 ? "red" : undefined}>
                  {money(totals.remaining)}
                </Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </>
      )}

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit budget line" size="lg">
        {edited && (
          <>
            <EntityForm initial={lineForm(edited)} onSubmit={(v) => save(edited, v)} submitLabel="Save line" submitTestId="save-budget-line">
              {(field) => <LineFields field={field} prefix="edit" />}
            </EntityForm>
            {editing.error && (
              <Alert color="red" mt="xs" title="The budget line was not saved">
                {editing.error}
              </Alert>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
