// A member's weekly capacity, saved when the field loses focus or on Enter (not on every keystroke,
// so typing "32" does not write 3 first).
import { NumberInput } from "@mantine/core";
import { useEffect, useState } from "react";

type Props = { name: string; hours: number; disabled: boolean; onSave: (hours: number) => void };

export function CapacityInput({ name, hours, disabled, onSave }: Props) {
  const [value, setValue] = useState<number | string>(hours);
  // A change from elsewhere (another device, a reload) replaces what is shown.
  useEffect(() => setValue(hours), [hours]);

  function commit() {
    if (typeof value === "number" && value !== hours) onSave(value);
    else setValue(hours);
  }

  return (
    <NumberInput
      aria-label={`Capacity of ${name}`}
      data-testid="member-capacity"
      size="xs"
      w={90}
      min={0}
      max={168}
      suffix=" h"
      value={value}
      disabled={disabled}
      onChange={setValue}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
      }}
    />
  );
}
