// The one splice that turns a log entry's text into its corrected version, in the units the
// core's EditText counts (Unicode scalar values, which Array.from yields one by one).

export type CharSplice = { pos: number; delete: number; insert: string };

/** Keeps the common prefix and suffix; null when nothing changed. */
export function charSplice(old: string, next: string): CharSplice | null {
  const a = Array.from(old);
  const b = Array.from(next);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
    suffix++;
  }
  if (prefix + suffix === a.length && a.length === b.length) return null;
  return { pos: prefix, delete: a.length - prefix - suffix, insert: b.slice(prefix, b.length - suffix).join("") };
}
