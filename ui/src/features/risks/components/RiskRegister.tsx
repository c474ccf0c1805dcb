// The risk register: probability, impact, score, owner, mitigation and status of each risk; add,
// edit, move along the workflow (mitigate, occurred, close, reopen) and delete.
import { ActionIcon, Alert, Badge, Card, Menu, Modal, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { MemberView, RiskView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { riskLevel } from "../utils/matrix";
import { EMPTY_RISK, newRisk, nextRiskStatuses, riskForm, riskPatch, type RiskFormValues } from "../utils/riskForm";
import { RiskForm } from "./RiskForm";

const STATUS_COLOR: Record<string, string> = { open: "red", mitigating: "yellow", occurred: "grape", closed: "gray" };

type Props = {
  projectId: string;
  risks: RiskView[];
  /** Whether `risks` is filtered by a matrix cell (the empty state then says so). */
  filtered: boolean;
  members: MemberView[];
};

export function RiskRegister({ projectId, risks, filtered, members }: Props) {
  const adding = useCommand(projectId);
  const editing = useCommand(projectId);
  const rows = useCommand(projectId);
  const [edited, setEdited] = useState<RiskView | null>(null);
  const nameOf = (id: string | null) => (id === null ? null : (members.find((m) => m.id === id)?.name ?? id));

  const add = async (values: RiskFormValues) =>
    (await adding.run({ area: "risk", command: { action: "add", ...newRisk(values) } })) !== null;

  async function save(risk: RiskView, values: RiskFormValues) {
    const patch = riskPatch(risk, values);
    if (Object.keys(patch).length > 0) {
      const done = await editing.run(
        { area: "risk", command: { action: "update", id: risk.id, patch } },
        { kind: "risk", id: risk.id, fields: { description: risk.description, mitigation: risk.mitigation } },
      );
      if (!done) return false;
    }
    setEdited(null);
    return true;
  }

  return (
    <>
      <Card withBorder>
        <Title order={5} mb="xs">
          New risk
        </Title>
        <RiskForm
          initial={EMPTY_RISK}
          members={members}
          submitLabel="Add risk"
          resetAfter
          onSubmit={add}
          testIds={{ title: "new-risk-title", submit: "add-risk" }}
        />
        {adding.error && (
          <Alert color="red" mt="xs" title="The risk was not added">
            {adding.error}
          </Alert>
        )}
      </Card>
      {rows.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rows.clearError}>
          {rows.error}
        </Alert>
      )}

      {risks.length === 0 ? (
        <Text c="dimmed">
          {filtered ? "No open risks in this cell." : "No risks yet. Add the first one above: what could go wrong, how likely, how bad."}
        </Text>
      ) : (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Risk</Table.Th>
              <Table.Th ta="center">P × I</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Mitigation</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {risks.map((r) => {
              const level = riskLevel(r.score);
              return (
                <Table.Tr key={r.id} data-testid="risk-row" data-risk-id={r.id} opacity={r.status === "closed" ? 0.6 : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={500} data-testid="risk-title">
                      {r.title}
                    </Text>
                    {r.review && (
                      <Text size="xs" c="dimmed">
                        review {r.review}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="center">
                    <Badge color={level.color} variant="filled" tt="none" data-testid="risk-score" title={level.label}>
                      {r.probability} × {r.impact} = {r.score}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{nameOf(r.owner) ?? <Text c="dimmed">—</Text>}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {r.mitigation}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOR[r.status] ?? "gray"} tt="none" data-testid="risk-status">
                      {r.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={`Actions for ${r.title}`} data-testid="risk-actions">
                          ⋯
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEdited(r)}>Edit</Menu.Item>
                        {nextRiskStatuses(r.status).map((next) => (
                          <Menu.Item
                            key={next.status}
                            onClick={() =>
                              void rows.run({ area: "risk", command: { action: "set_status", id: r.id, status: next.status } })
                            }
                          >
                            {next.label}
                          </Menu.Item>
                        ))}
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          onClick={() => void rows.run({ area: "item", command: { action: "delete", kind: "risk", id: r.id } })}
                        >
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit risk" size="lg">
        {edited && (
          <>
            <RiskForm
              initial={riskForm(edited)}
              members={members}
              submitLabel="Save risk"
              full
              onSubmit={(values) => save(edited, values)}
              testIds={{ title: "edit-risk-title", submit: "save-risk" }}
            />
            {editing.error && (
              <Alert color="red" mt="xs" title="The risk was not saved">
                {editing.error}
              </Alert>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
