// Small helpers for building records: partial updates (a key left out keeps the current value; null
// clears a nullable field) and grouping values under a key.

/** The keys of a patch that were actually given. */
export function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Appends `value` to the list under `key`, creating the list when needed. */
export function appendTo<V>(record: Record<string, V[]>, key: string, value: V): void {
  const list = record[key];
  if (list) list.push(value);
  else record[key] = [value];
}
