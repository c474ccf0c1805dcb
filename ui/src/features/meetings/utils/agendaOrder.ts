// Reordering the agenda: the core moves an item "right after" another (or first, with none), so
// a move in the UI becomes the id of the item that will precede it.

/**
 * The `after` of MoveAgendaItem that puts the item at `from` at position `to` of `ids`:
 * the id that ends up just before it, or null for the top. Undefined when nothing moves.
 */
export function afterForMove(ids: readonly string[], from: number, to: number): string | null | undefined {
  if (from === to || from < 0 || from >= ids.length || to < 0 || to >= ids.length) return undefined;
  const rest = ids.filter((_, i) => i !== from);
  return to === 0 ? null : (rest[to - 1] ?? null);
}
