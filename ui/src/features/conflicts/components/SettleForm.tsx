// Typing a new value for a conflicted field: the input suits what the field holds (a number, a
// yes/no switch, a member picker, a date, or text). What was typed stays when the core refuses it.
import { Button, Group, NumberInput, Select, Switch, TextInput, Textarea } from "@mantine/core";
import type { MemberView } from "../../../ipc";
import type { ValueKind } from "../utils/resolve";

type Props = {
  kind: ValueKind;
  typed: string | number | boolean | null;
  onType: (typed: string | number | boolean | null) => void;
  /** Why the typed value cannot be sent, shown under the input. */
  error: string | null;
  members: MemberView[];
  busy: boolean;
  onSubmit: () => void;
};

const LABEL = "Or type a new value";

function ValueInput({ kind, typed, onType, error, members }: Omit<Props, "busy" | "onSubmit">) {
  const common = { label: LABEL, error, "data-testid": "settle-typed", w: 280 };
  switch (kind) {
    case "integer":
    case "number":
      return (
        <NumberInput
          {...common}
          allowDecimal={kind === "number"}
          value={typeof typed === "number" || typeof typed === "string" ? typed : ""}
          onChange={(v) => onType(v)}
        />
      );
    case "boolean":
      return (
        <Switch
          label={typed === true ? "Yes" : "No"}
          data-testid="settle-typed"
          checked={typed === true}
          onChange={(e) => onType(e.currentTarget.checked)}
          error={error}
          mb={8}
        />
      );
    case "member":
      return (
        <Select
          {...common}
          placeholder="Choose a member"
          searchable
          data={members.filter((m) => !m.deleted).map((m) => ({ value: m.id, label: m.name }))}
          value={typeof typed === "string" && typed !== "" ? typed : null}
          onChange={(v) => onType(v)}
        />
      );
    case "date":
      return <TextInput {...common} type="date" value={typeof typed === "string" ? typed : ""} onChange={(e) => onType(e.currentTarget.value)} />;
    case "text":
    case "mixed":
      return (
        <Textarea
          {...common}
          autosize
          minRows={1}
          maxRows={8}
          value={typeof typed === "string" ? typed : ""}
          onChange={(e) => onType(e.currentTarget.value)}
        />
      );
  }
}

export function SettleForm(props: Props) {
  const { kind, busy, onSubmit } = props;
  return (
    <Group align="flex-end" gap="xs">
      <ValueInput {...props} />
      <Button data-testid="settle-typed-submit" variant="light" disabled={busy || kind === "mixed"} onClick={onSubmit}>
        Use this value
      </Button>
    </Group>
  );
}
