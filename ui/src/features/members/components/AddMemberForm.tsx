// Adds a member by name, with a role and weekly capacity (the core defaults to 40 h).
import { Button, Group, NativeSelect, NumberInput, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { MEMBER_ROLES, type MemberRole } from "../utils/members";

export type NewMemberInput = { name: string; role: MemberRole; capacity_hours: number };

export function AddMemberForm({ onAdd }: { onAdd: (member: NewMemberInput) => Promise<boolean> }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<MemberRole>("member");
  const [capacity, setCapacity] = useState<number | string>(40);
  const [adding, setAdding] = useState(false);
  const ready = name.trim() !== "" && typeof capacity === "number";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || adding || typeof capacity !== "number") return;
    setAdding(true);
    const added = await onAdd({ name: name.trim(), role, capacity_hours: capacity });
    setAdding(false);
    if (added) setName("");
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          data-testid="new-member-name"
          label="New member"
          placeholder="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <NativeSelect
          data-testid="new-member-role"
          label="Role"
          value={role}
          data={MEMBER_ROLES}
          onChange={(e) => setRole(e.currentTarget.value as MemberRole)}
        />
        <NumberInput
          data-testid="new-member-capacity"
          label="Hours / week"
          value={capacity}
          onChange={setCapacity}
          min={0}
          max={168}
          w={120}
        />
        <Button data-testid="add-member" type="submit" disabled={!ready} loading={adding}>
          Add member
        </Button>
      </Group>
    </form>
  );
}
