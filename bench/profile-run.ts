import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import type { CatalogFile } from "./catalogs";
import { log } from "./log";
import { measure, type Mode } from "./measure";
import { OUT } from "./out";
import { planCommand } from "./plan-command";
import { formatSummary, summarizeProfile, type ProfileSummary } from "./profile";
import type { ProfileComparison } from "./report";

/** CPU profiles of the plan and of its floor on one catalog: where the difference goes. */
export async function profileRun(catalog: CatalogFile, mode: Mode): Promise<ProfileComparison | undefined> {
  const summaries: Partial<Record<"plan" | "floor", ProfileSummary>> = {};
  const dir = path.join(OUT, "profile");
  const command = planCommand(catalog.file, path.join(dir, "plan.json"));
  // The recording planRun made of this catalog: what the floor replays.
  const recording = path.join(OUT, "runs", `${catalog.id}-${mode}-record.json`);
  if (!existsSync(recording)) {
    log(`profile ${catalog.id}: no recording to replay (${recording}); plan it first`);
    return undefined;
  }
  const runs = {
    plan: [command.script, command.args, command.stdout],
    floor: ["bench/floor.ts", [recording], path.join(dir, "floor.log")],
  } as const;
  for (const [program, [script, args, stdout]] of Object.entries(runs) as Array<
    [keyof typeof runs, (typeof runs)[keyof typeof runs]]
  >) {
    const profiles = path.join(dir, program);
    rmSync(profiles, { recursive: true, force: true });
    mkdirSync(profiles, { recursive: true });
    const measured = await measure(mode, script, args, stdout, ["--cpu-prof", "--cpu-prof-dir", profiles]);
    const file = readdirSync(profiles).find((f) => f.endsWith(".cpuprofile"));
    if (!measured.ok || !file) {
      log(`profile ${program}: FAILED\n${measured.error ?? "no profile written"}`);
      return undefined;
    }
    summaries[program] = summarizeProfile(
      JSON.parse(readFileSync(path.join(profiles, file), "utf8")) as Parameters<typeof summarizeProfile>[0],
      12,
    );
    log(`profile ${catalog.id} ${mode} ${program}:\n${formatSummary(summaries[program])}`);
  }
  return { catalog: catalog.id, mode, plan: summaries.plan!, floor: summaries.floor! };
}
