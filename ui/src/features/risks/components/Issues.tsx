// The issue register: problems and conflicts with their severity and the members involved; raise,
// edit the wording (title, description, outside parties, resolution), assign (add or remove
// parties), change severity, start resolving, resolve with a resolution, reopen, delete.
import { ActionIcon, Alert, Badge, Button, Card, CloseButton, Group, Modal, NativeSelect, SimpleGrid, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { IssueView, MemberView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import type { IssuePatch } from "../utils/issueForm";
import { EditIssueForm } from "./EditIssueForm";

const SEVERITIES = ["low", "medium", "high", "critical"] as const;
type Severity = (typeof SEVERITIES)[number];
const SEVERITY_COLOR: Record<string, string> = { low: "green", medium: "yellow", high: "orange", critical: "red" };
const STATUS_COLOR: Record<string, string> = { open: "red", resolving: "yellow", resolved: "teal" };

function NewIssue({ projectId }: { projectId: string }) {
  const { run, error, busy } = useCommand(projectId);
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<Severity>("medium");
  const [description, setDescription] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || title.trim() === "") return;
    const done = await run({
      area: "risk",
      command: { action: "add_issue", title: title.trim(), description, parties: [], external_parties: [], severity },
    });
    // On a refusal everything typed stays, so it can be fixed and sent again.
    if (done) {
      setTitle("");
      setDescription("");
      setSeverity("medium");
    }
  }

  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        New issue
      </Title>
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput data-testid="new-issue-title" label="Issue" placeholder="What is the problem?" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <NativeSelect label="Severity" data={[...SEVERITIES]} value={severity} onChange={(e) => setSeverity(e.currentTarget.value as Severity)} />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} mt="xs" />
        <Group justify="flex-end" mt="xs">
          <Button data-testid="add-issue" type="submit" loading={busy} disabled={title.trim() === ""}>
            Raise issue
          </Button>
        </Group>
      </form>
      {error && (
        <Alert color="red" mt="xs" title="The issue was not raised">
          {error}
        </Alert>
      )}
    </Card>
  );
}

type RowProps = {
  issue: IssueView;
  members: MemberView[];
  onUpdate: (patch: { parties?: string[]; severity?: Severity }) => void;
  onStatus: (status: "open" | "resolving") => void;
  onResolve: () => void;
  onEdit: () => void;
  onDelete: () => void;
};

function IssueRow({ issue, members, onUpdate, onStatus, onResolve, onEdit, onDelete }: RowProps) {
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const assignable = members.filter((m) => !m.deleted && m.active && !issue.parties.includes(m.id));
  return (
    <Table.Tr data-testid="issue-row" data-issue-id={issue.id}>
      <Table.Td>
        <Text size="sm" fw={500} data-testid="issue-title">
          {issue.title}
        </Text>
        {issue.description && (
          <Text size="xs" c="dimmed" lineClamp={2} data-testid="issue-description">
            {issue.description}
          </Text>
        )}
        {issue.resolution && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            Resolution: {issue.resolution}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={`Severity of ${issue.title}`}
          data={[...SEVERITIES]}
          value={issue.severity}
          styles={{ input: { color: `var(--mantine-color-${SEVERITY_COLOR[issue.severity] ?? "gray"}-7)` } }}
          onChange={(e) => onUpdate({ severity: e.currentTarget.value as Severity })}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {issue.parties.map((id) => (
            <Badge
              key={id}
              variant="light"
              color="gray"
              tt="none"
              data-testid="issue-party"
              rightSection={
                <CloseButton
                  size="xs"
                  aria-label={`Remove ${nameOf(id)} from ${issue.title}`}
                  onClick={() => onUpdate({ parties: issue.parties.filter((p) => p !== id) })}
                />
              }
            >
              {nameOf(id)}
            </Badge>
          ))}
          {issue.external_parties.map((name) => (
            <Badge key={name} variant="outline" color="gray" tt="none">
              {name}
            </Badge>
          ))}
          {assignable.length > 0 && (
            <NativeSelect
              size="xs"
              aria-label={`Assign someone to ${issue.title}`}
              data-testid="issue-assign"
              value=""
              data={[{ value: "", label: "Assign…" }, ...assignable.map((m) => ({ value: m.id, label: m.name }))]}
              onChange={(e) => {
                const id = e.currentTarget.value;
                if (id !== "") onUpdate({ parties: [...issue.parties, id] });
              }}
            />
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={STATUS_COLOR[issue.status] ?? "gray"} tt="none" data-testid="issue-status">
          {issue.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {issue.status === "open" && (
            <Button size="compact-xs" variant="light" onClick={() => onStatus("resolving")}>
              Start resolving
            </Button>
          )}
          {issue.status !== "resolved" ? (
            <Button size="compact-xs" variant="light" color="teal" data-testid="issue-resolve" onClick={onResolve}>
              Resolve
            </Button>
          ) : (
            <Button size="compact-xs" variant="light" onClick={() => onStatus("open")}>
              Reopen
            </Button>
          )}
          <ActionIcon variant="subtle" aria-label={`Edit ${issue.title}`} data-testid="issue-edit" onClick={onEdit}>
            ✎
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={`Delete ${issue.title}`} onClick={onDelete}>
            ✕
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

type Props = { projectId: string; issues: IssueView[] | null; error: string | null; members: MemberView[] };

export function Issues({ projectId, issues, error, members }: Props) {
  const rows = useCommand(projectId);
  const resolving = useCommand(projectId);
  const editing = useCommand(projectId);
  const [toResolve, setToResolve] = useState<IssueView | null>(null);
  const [edited, setEdited] = useState<IssueView | null>(null);
  const [resolution, setResolution] = useState("");
  const live = (issues ?? []).filter((i) => !i.deleted);

  async function resolve(event: FormEvent) {
    event.preventDefault();
    if (toResolve === null) return;
    const done = await resolving.run({
      area: "risk",
      command: { action: "set_issue_status", id: toResolve.id, status: "resolved", resolution },
    });
    if (done) setToResolve(null);
  }

  async function saveEdit(issue: IssueView, patch: IssuePatch) {
    const done = await editing.run(
      { area: "risk", command: { action: "update_issue", id: issue.id, patch } },
      { kind: "issue", id: issue.id, fields: { description: issue.description, resolution: issue.resolution } },
    );
    if (done) setEdited(null);
    return done !== null;
  }

  return (
    <>
      <NewIssue projectId={projectId} />
      {rows.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rows.clearError}>
          {rows.error}
        </Alert>
      )}
      {error && (
        <Alert color="red" title="Cannot load the issues">
          {error}
        </Alert>
      )}
      {issues === null && !error && <Text c="dimmed">Loading issues…</Text>}
      {issues !== null && live.length === 0 && <Text c="dimmed">No issues. Raise one above when something needs sorting out.</Text>}
      {live.length > 0 && (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Issue</Table.Th>
              <Table.Th w={120}>Severity</Table.Th>
              <Table.Th>Involved</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {live.map((issue) => (
              <IssueRow
                key={issue.id}
                issue={issue}
                members={members}
                onUpdate={(patch) => void rows.run({ area: "risk", command: { action: "update_issue", id: issue.id, patch } })}
                onStatus={(status) =>
                  void rows.run({ area: "risk", command: { action: "set_issue_status", id: issue.id, status, resolution: null } })
                }
                onResolve={() => {
                  resolving.clearError();
                  setResolution(issue.resolution);
                  setToResolve(issue);
                }}
                onEdit={() => {
                  editing.clearError();
                  setEdited(issue);
                }}
                onDelete={() => void rows.run({ area: "item", command: { action: "delete", kind: "issue", id: issue.id } })}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit issue" size="lg">
        {edited && (
          <EditIssueForm
            key={edited.id}
            issue={edited}
            error={editing.error}
            onSave={(patch) => saveEdit(edited, patch)}
            onCancel={() => setEdited(null)}
          />
        )}
      </Modal>

      <Modal opened={toResolve !== null} onClose={() => setToResolve(null)} title={`Resolve: ${toResolve?.title ?? ""}`}>
        <form onSubmit={resolve}>
          <Textarea
            data-testid="issue-resolution"
            label="How was it resolved?"
            autosize
            minRows={3}
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value)}
          />
          {resolving.error && (
            <Alert color="red" mt="xs" title="The issue was not resolved">
              {resolving.error}
            </Alert>
          )}
          <Group justify="flex-end" mt="xs">
            <Button type="submit" data-testid="issue-resolve-save" loading={resolving.busy} disabled={resolution.trim() === ""}>
              Resolve
            </Button>
          </Group>
        </form>
      </Modal>
    </>
  );
}
