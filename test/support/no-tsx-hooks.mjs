// The resolve hook no-tsx.cjs registers: tsx, by name or by a path into its package, is refused.
export async function resolve(specifier, context, next) {
  if (/(^|\/node_modules\/)tsx(\/|$)/.test(specifier)) {
    throw new Error(`${context.parentURL ?? "The build"} imported tsx (${specifier}).`);
  }
  return next(specifier, context);
}
