// Copying a cached object without one of its fields, never reading that field: articles and
// changes read from their heads hold their text behind a getter that loads it (article-cache.ts,
// diff-cache.ts), and `const { blocks, ...rest } = change` would call it.

/** The object's own enumerable fields but `field`, which is not read. */
export function withoutField<T extends object, K extends keyof T>(value: T, field: K): Omit<T, K> {
  const copy: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (key !== field) copy[key] = value[key];
  }
  return copy as Omit<T, K>;
}
