// What the site asks of every change without reading it whole: which fields it changed (the
// headlines list keeps the changes that rewrote a headline). A change read lazily from the
// build's caches knows this before its head is read (scripts/cache/heads-snapshot.ts).
import type { Change, FieldName } from "./types.ts";

const known = new WeakMap<Change, readonly FieldName[]>();

/** The fields the change rewrote, in order (headline, byline, standfirst). */
export function changedFields(change: Change): readonly FieldName[] {
  return known.get(change) ?? change.fields.map((field) => field.field);
}

/** Records what `changedFields` answers for a change whose fields are read later. */
export function rememberChangedFields(change: Change, fields: readonly FieldName[]): void {
  known.set(change, fields);
}
