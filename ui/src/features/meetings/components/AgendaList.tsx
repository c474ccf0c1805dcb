// The meeting's agenda in order: tick items done, rename (double-click), time-box, reorder (drag
// the handle, also with the keyboard, or the arrows), remove, add.
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Button, Checkbox, Group, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { useRef, useState, type FormEvent, type SyntheticEvent } from "react";
import type { Command, Executed } from "../../../ipc";
import type { AgendaItemView, MeetingCommand } from "../types";
import { afterForMove } from "../utils/agendaOrder";

type AgendaItemFields = Omit<Extract<MeetingCommand, { action: "update_agenda_item" }>, "action" | "id" | "item">;

type Props = {
  meetingId: string;
  agenda: AgendaItemView[];
  run: (command: Command) => Promise<Executed | null>;
};

const minutesValue = (v: number | string): number | null => (typeof v === "number" ? v : null);

function AgendaRow({ item, index, ids, meetingId, run }: { item: AgendaItemView; index: number; ids: string[] } & Omit<Props, "agenda">) {
  const [editing, setEditing] = useState<string | null>(null);
  // Enter submits and the blur that follows must not submit again.
  const renaming = useRef(false);
  const sortable = useSortable({ id: item.id });
  const update = (fields: AgendaItemFields) =>
    run({ area: "meeting", command: { action: "update_agenda_item", id: meetingId, item: item.id, ...fields } });
  const move = (to: number) => {
    const after = afterForMove(ids, index, to);
    if (after !== undefined) void run({ area: "meeting", command: { action: "move_agenda_item", id: meetingId, item: item.id, after } });
  };
  async function rename(event: SyntheticEvent) {
    event.preventDefault();
    if (renaming.current || editing === null) return;
    if (editing.trim() === "" || editing.trim() === item.title) return setEditing(null);
    renaming.current = true;
    // On a refusal the field stays open with what was typed.
    if (await update({ title: editing.trim() })) setEditing(null);
    renaming.current = false;
  }

  return (
    <Group
      ref={sortable.setNodeRef}
      style={{ transform: CSS.Transform.toString(sortable.transform), transition: sortable.transition }}
      data-testid="agenda-item"
      data-agenda-id={item.id}
      gap="xs"
      wrap="nowrap"
    >
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Drag ${item.title}`}
        style={{ cursor: "grab", touchAction: "none" }}
        {...sortable.attributes}
        {...sortable.listeners}
      >
        ⠿
      </ActionIcon>
      <Checkbox
        aria-label={`Done: ${item.title}`}
        checked={item.done}
        onChange={(e) => void update({ done: e.currentTarget.checked })}
      />
      {editing === null ? (
        <Text
          data-testid="agenda-title"
          flex={1}
          td={item.done ? "line-through" : undefined}
          onDoubleClick={() => setEditing(item.title)}
          title="Double-click to rename"
        >
          {item.title}
        </Text>
      ) : (
        <form onSubmit={rename} style={{ flex: 1 }}>
          <TextInput
            aria-label="Agenda item title"
            size="xs"
            autoFocus
            value={editing}
            onChange={(e) => setEditing(e.currentTarget.value)}
            onBlur={rename}
            onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
          />
        </form>
      )}
      <NumberInput
        aria-label={`Minutes for ${item.title}`}
        size="xs"
        w={80}
        min={1}
        allowDecimal={false}
        suffix=" min"
        placeholder="min"
        // Uncontrolled, reset whenever the core's value changes, so typing is not fought over.
        key={String(item.minutes)}
        defaultValue={item.minutes ?? ""}
        onBlur={(e) => {
          const typed = e.currentTarget.value.replace(/\D/g, "");
          const next = typed === "" ? null : Number(typed);
          if (next === item.minutes) return;
          void update({ minutes: next === null ? "clear" : { set: next } });
        }}
      />
      <ActionIcon variant="subtle" aria-label={`Move ${item.title} up`} disabled={index === 0} onClick={() => move(index - 1)}>
        ↑
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        aria-label={`Move ${item.title} down`}
        disabled={index === ids.length - 1}
        onClick={() => move(index + 1)}
      >
        ↓
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={`Remove ${item.title}`}
        onClick={() => void run({ area: "meeting", command: { action: "remove_agenda_item", id: meetingId, item: item.id } })}
      >
        ✕
      </ActionIcon>
    </Group>
  );
}

export function AgendaList({ meetingId, agenda, run }: Props) {
  const [title, setTitle] = useState("");
  const [minutes, setMinutes] = useState<number | string>("");
  const ids = agenda.map((a) => a.id);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function dropped({ active, over }: DragEndEvent) {
    if (!over) return;
    const after = afterForMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    if (after !== undefined) {
      void run({ area: "meeting", command: { action: "move_agenda_item", id: meetingId, item: String(active.id), after } });
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === "") return;
    const done = await run({
      area: "meeting",
      command: { action: "add_agenda_item", id: meetingId, title: title.trim(), minutes: minutesValue(minutes) },
    });
    if (done) {
      setTitle("");
      setMinutes("");
    }
  }

  const planned = agenda.reduce((sum, a) => sum + (a.minutes ?? 0), 0);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={500} size="sm">
          Agenda
        </Text>
        {planned > 0 && (
          <Text size="xs" c="dimmed">
            {planned} min planned
          </Text>
        )}
      </Group>
      {agenda.length === 0 && (
        <Text size="sm" c="dimmed">
          No agenda yet. Add the first item below.
        </Text>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={dropped}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          {agenda.map((item, index) => (
            <AgendaRow key={item.id} item={item} index={index} ids={ids} meetingId={meetingId} run={run} />
          ))}
        </SortableContext>
      </DndContext>
      <form onSubmit={add}>
        <Group gap="xs" align="flex-end">
          <TextInput
            data-testid="new-agenda-title"
            aria-label="New agenda item"
            placeholder="Agenda item"
            size="xs"
            style={{ flex: 1 }}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <NumberInput
            data-testid="new-agenda-minutes"
            aria-label="Minutes for the new agenda item"
            placeholder="min"
            size="xs"
            w={80}
            min={1}
            allowDecimal={false}
            value={minutes}
            onChange={setMinutes}
          />
          <Button data-testid="add-agenda-item" type="submit" size="xs" disabled={title.trim() === ""}>
            Add
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
