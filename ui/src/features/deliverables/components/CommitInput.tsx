// A text (or date) field that saves when it loses focus or on Enter, not on every keystroke, and
// shows the stored value again when it changes elsewhere or the edit is abandoned with Escape.
import { TextInput, type TextInputProps } from "@mantine/core";
import { useEffect, useState } from "react";

type Props = Omit<TextInputProps, "value" | "onChange" | "onBlur" | "onKeyDown"> & {
  value: string;
  onCommit: (value: string) => void;
};

export function CommitInput({ value, onCommit, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);

  function commit() {
    if (draft !== value) onCommit(draft);
  }

  return (
    <TextInput
      {...rest}
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
        if (e.key === "Escape") setDraft(value);
      }}
    />
  );
}
