import * as path from "node:path";
import { ROOT } from "./measure";

/** Where a bench run writes its catalogs, runs, profiles and results.json. */
export const OUT = path.join(ROOT, "bench", "out");
