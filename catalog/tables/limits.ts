/**
 * Limits of the factory's own that rules compare against. AWS's limits have one home,
 * contract/aws-limits.ts (`LIMITS`, each with its AWS documentation page); the defaults of
 * omitted fields are in defaults.ts.
 */
import { BEST_PRACTICES } from "./best-practices";
import type { Platform } from "./os-table";

/** Components the factory puts in every recipe before the catalog's own: its best practices. */
export const FACTORY_COMPONENTS: { readonly [P in Platform]: number } = {
  Linux: BEST_PRACTICES.Linux.length,
  Windows: BEST_PRACTICES.Windows.length,
};
/** The smallest root volume, in GiB, the rules accept for a Windows image. */
export const MIN_WINDOWS_ROOT_GIB = 30;
