/**
 * The one order of text in everything the factory sorts: UTF-16 code units, as `<` and a plain
 * `.sort()` compare strings. The same on every machine, unlike `localeCompare`, which follows
 * the locale and ICU version of the process; resource names, policies and plans are sorted with
 * it so the same catalog gives the same bytes everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
