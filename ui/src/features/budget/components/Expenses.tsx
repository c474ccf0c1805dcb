// Expenses: what was ordered (committed) or paid (actual) against each budget line; record one,
// mark an order paid, edit, delete.
import { ActionIcon, Alert, Badge, Button, Group, Modal, NativeSelect, Pagination, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { BudgetLineView, ExpenseView, ResourceView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { checkExpense, emptyExpense, expenseForm, expensePatch, type ExpenseForm } from "../utils/forms";
import { formatMoney } from "../utils/money";
import { EntityForm, type Field } from "./EntityForm";

/** Expenses per page: a project books hundreds over its life, the list stays short. */
const PAGE = 50;

type Options = { lines: BudgetLineView[]; resources: ResourceView[] };

function ExpenseFields({ field, lines, resources, prefix }: Options & { field: (name: keyof ExpenseForm) => Field; prefix: string }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
      <NativeSelect
        label="Budget line"
        data={[{ value: "", label: "Choose a line" }, ...lines.map((l) => ({ value: l.id, label: l.name }))]}
        data-testid={`${prefix}-expense-line`}
        {...field("budget_line")}
      />
      <TextInput label="Amount" inputMode="decimal" placeholder="1,234.50" data-testid={`${prefix}-expense-amount`} {...field("amount")} />
      <TextInput label="Date" type="date" {...field("date")} />
      <TextInput label="Description" placeholder="What was it for?" data-testid={`${prefix}-expense-description`} {...field("description")} />
      <NativeSelect
        label="State"
        data={[
          { value: "actual", label: "Paid (actual)" },
          { value: "committed", label: "Ordered (committed)" },
        ]}
        {...field("state")}
      />
      <NativeSelect
        label="Resource"
        data={[
          { value: "", label: "None" },
          ...resources.filter((r) => !r.deleted).map((r) => ({ value: r.id, label: r.name })),
        ]}
        {...field("resource")}
      />
    </SimpleGrid>
  );
}

type Props = Options & { projectId: string; currency: string; expenses: ExpenseView[]; today: string };

export function Expenses({ projectId, currency, expenses, lines, resources, today }: Props) {
  const adding = useCommand(projectId);
  const editing = useCommand(projectId);
  const rows = useCommand(projectId);
  const [edited, setEdited] = useState<ExpenseView | null>(null);
  const [page, setPage] = useState(1);
  // Newest first: the latest bookings are the ones being checked.
  const live = expenses.filter((e) => !e.deleted).reverse();
  const pages = Math.max(1, Math.ceil(live.length / PAGE));
  const shown = live.slice((Math.min(page, pages) - 1) * PAGE, Math.min(page, pages) * PAGE);

  async function add(values: ExpenseForm) {
    const checked = checkExpense(values);
    if (!checked.ok) return checked.errors;
    const done = await adding.run({ area: "resource", command: { action: "add_expense", ...checked.value } });
    return done ? null : {};
  }

  async function save(expense: ExpenseView, values: ExpenseForm) {
    const patch = expensePatch(expense, values);
    if (!patch.ok) return patch.errors;
    if (Object.keys(patch.value).length > 0) {
      const done = await editing.run({
        area: "resource",
        command: { action: "update_expense", id: expense.id, patch: patch.value },
      });
      if (!done) return {};
    }
    setEdited(null);
    return null;
  }

  return (
    <>
      {lines.length === 0 ? (
        <Text c="dimmed">Add a budget line first: every expense is booked on one.</Text>
      ) : (
        <EntityForm
          initial={emptyExpense(lines[0]?.id ?? "", today)}
          onSubmit={add}
          submitLabel="Record expense"
          submitTestId="add-expense"
          resetAfter
        >
          {(field) => <ExpenseFields field={field} lines={lines} resources={resources} prefix="new" />}
        </EntityForm>
      )}
      {adding.error && (
        <Alert color="red" title="The expense was not recorded">
          {adding.error}
        </Alert>
      )}
      {rows.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rows.clearError}>
          {rows.error}
        </Alert>
      )}

      {live.length === 0 ? (
        <Text c="dimmed">No expenses yet. Record the first one above.</Text>
      ) : (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Line</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th w={150} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              <Table.Tr key={e.id} data-testid="expense-row" data-expense-id={e.id}>
                <Table.Td>{e.date ?? "—"}</Table.Td>
                <Table.Td>{e.budget_line_name}</Table.Td>
                <Table.Td>{e.description}</Table.Td>
                <Table.Td ta="right" data-testid="expense-amount">
                  {formatMoney(e.amount, currency)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={e.state === "actual" ? "red" : "yellow"} tt="none" data-testid="expense-state">
                    {e.state === "actual" ? "paid" : "ordered"}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {e.state === "committed" && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() =>
                          void rows.run({
                            area: "resource",
                            command: { action: "update_expense", id: e.id, patch: { state: "actual" } },
                          })
                        }
                      >
                        Mark paid
                      </Button>
                    )}
                    <ActionIcon variant="subtle" aria-label={`Edit expense ${e.description || e.id}`} onClick={() => setEdited(e)}>
                      ✎
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete expense ${e.description || e.id}`}
                      onClick={() => void rows.run({ area: "item", command: { action: "delete", kind: "expense", id: e.id } })}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pages > 1 && <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage} size="sm" />}

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit expense" size="lg">
        {edited && (
          <>
            <EntityForm initial={expenseForm(edited)} onSubmit={(v) => save(edited, v)} submitLabel="Save expense" submitTestId="save-expense">
              {(field) => <ExpenseFields field={field} lines={lines} resources={resources} prefix="edit" />}
            </EntityForm>
            {editing.error && (
              <Alert color="red" mt="xs" title="The expense was not saved">
                {editing.error}
              </Alert>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
