/**
 * `npm run test:instance`: runs the component documents the real program generates on a real
 * Debian 12 system, as Image Builder runs them: build and validate on a build instance first
 * booted by cloud-init, test on a fresh boot of the image; then undoes each best practice and
 * checks that its own validate/test phase fails with its own message. Needs root, mmdebstrap
 * and namespaces; without them it says what is missing and exits 2.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { OS_TABLE, type OsName, type VendorUser } from "../catalog/tables/os-table";
import { DEFAULT_CATALOG } from "../catalog/tables/stack-settings";
import { parseDocument, runPhase, type Document, type Instance, type PhaseName } from "./awstoe";
import { plannedImages, type PlannedDocument, type PlannedImage } from "./documents";
import { Machine, type Network } from "./machine";
import { MUTATIONS, type Expectation } from "./mutations";
import { NamespaceNetwork } from "./network";
import { missingPrerequisites } from "./preflight";
import { Report } from "./report";
import { DEBIAN_12, ensureRootfs } from "./rootfs";
import { linuxFacts, VENDOR_USER_DROP_IN, vendorUserConfig } from "./vendor";

const ROOT = resolve(__dirname, "..");
const CATALOGS = [DEFAULT_CATALOG, "instance/fixtures/every-os.yaml"];
const NAMESPACED = "AMI_FACTORY_INSTANCE_NAMESPACED";

interface Recipe {
  /** Images (catalog: image) whose recipes hold exactly these documents and whose OSes have the same vendor user. */
  images: PlannedImage[];
  documents: PlannedDocument[];
  /** The OS of the first of them: its vendor image is the one the build instance emulates. */
  os: OsName;
}

/** Images whose documents run here: apt, as on this Debian rootfs. The rest are only static. */
function runsHere(image: PlannedImage): boolean {
  return OS_TABLE[image.os].facts.packageManager.value === "apt";
}

function distinctRecipes(images: PlannedImage[]): Recipe[] {
  const recipes = new Map<string, Recipe>();
  for (const image of images) {
    const key = JSON.stringify([image.documents.map((d) => d.data), linuxFacts(image.os).vendorUser.value]);
    const recipe = recipes.get(key) ?? { images: [], documents: image.documents, os: image.os };
    recipe.images.push(image);
    recipes.set(key, recipe);
  }
  return [...recipes.values()];
}

class Harness {
  private count = 0;
  readonly report = new Report();

  constructor(
    private readonly work: string,
    /** The vendor's image, unpacked once; every instance's disk is an overlay on it. */
    private readonly vendorImage: Machine,
  ) {}

  private next(kind: string): string {
    return `${kind}-${process.pid}-${++this.count}`;
  }

  /** A network namespace for a machine, deleted when the machine stops. */
  private async namespace(machine: Machine): Promise<Network> {
    const network = new NamespaceNetwork(this.next("amif"));
    machine.onStop(() => network.destroy());
    for (const note of await network.create()) this.report.note(note);
    return network.network;
  }

  /**
   * Boots a disk as an EC2 instance: in a network namespace of its own (sshd listens there, not
   * on the host), first boot when the instance id is new. The namespace goes when the machine stops.
   */
  private async bootInstance(machine: Machine, kind: "i-build" | "i-test"): Promise<void> {
    const network = await this.namespace(machine);
    try {
      for (const note of await machine.boot(this.next(kind), network)) this.report.note(note);
    } catch (error) {
      await machine.stop();
      throw error;
    }
  }

  private async phase(label: string, doc: Document, phase: PhaseName, machine: Machine, expect: Expectation = "passes") {
    const instance: Instance = {
      writeFile: (path, content) => machine.writeFile(path, content),
      runStep: (argv, timeoutSeconds) => machine.runAsAgent(argv, timeoutSeconds),
      reboot: async () => {
        this.report.note(`${label} ${phase}: reboot requested: the instance halts and boots again as ${machine.instanceId}`);
        for (const note of await machine.reboot()) this.report.note(note);
      },
    };
    const outcome = await runPhase(doc, phase, instance);
    if (!outcome.present) return true;
    const output = outcome.steps.map((s) => `[${s.step}${s.note ? `: ${s.note}` : ""}]\n${s.output}`).join("\n");
    if (expect === "passes") return this.report.check(outcome.ok, `${label} ${phase}`, output);
    const failed = !outcome.ok;
    const said = output.includes(expect.fails);
    return this.report.check(
      failed && said,
      `${label} ${phase} fails with "${expect.fails}"`,
      failed ? `failed without the expected message:\n${output}` : `passed:\n${output}`,
    );
  }

  /**
   * Build instance: the OS's vendor image first booted by cloud-init, as EC2 does before Image
   * Builder's components run; the vendor's default user is the OS's (vendor.ts).
   */
  private async buildInstance(vendor: VendorUser): Promise<Machine> {
    const machine = await Machine.copy(this.vendorImage, join(this.work, this.next("disk")));
    machine.writeFile(VENDOR_USER_DROP_IN, vendorUserConfig(vendor));
    await this.bootInstance(machine, "i-build");
    const groups = await machine.run(["id", "-nG", vendor.name]);
    const missing = vendor.groups.filter((g) => !groups.output.trim().split(/\s+/).includes(g));
    this.report.check(
      groups.code === 0 && missing.length === 0,
      `build instance: cloud-init created the vendor's default user ${vendor.name} in ${vendor.groups.join(", ")}`,
      groups.code === 0 ? `not in ${missing.join(", ")}: ${groups.output}` : groups.output,
    );
    // The rule the login-user practice must remove (both vendors' cloud.cfg give it).
    const sudo = await machine.run(["sudo", "-l", "-U", vendor.name]);
    this.report.check(
      sudo.code === 0 && sudo.output.includes("NOPASSWD"),
      `build instance: the vendor's default user ${vendor.name} has passwordless sudo`,
      sudo.output,
    );
    return machine;
  }

  /**
   * Build then validate each document in turn, as AWSTOE runs `--phases build,validate` ("the
   * build and validate phases of document1.yaml, followed by the build and validate phases of
   * document2.yaml": AWSTOE's "Run AWSTOE components",
   * https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-get-started.html), stopping at
   * the first failed phase; then test them all on a fresh boot. Returns the disk the build stage left.
   */
  async runRecipe(
    recipe: Recipe,
    keepAfterBuild: boolean,
  ): Promise<{ after?: Machine; docs: Map<PlannedDocument, Document> } | undefined> {
    const names = recipe.images.map((i) => `${i.catalog}:${i.image} (${i.os} ${i.arch})`);
    this.report.heading(`recipe of ${names.join(", ")}`);
    const vendor = linuxFacts(recipe.os).vendorUser.value;
    if (recipe.images.some((i) => i.os !== "debian-12"))
      this.report.note(
        `run on the Debian 12 rootfs: Ubuntu images' documents are the same commands; the first boot creates ${OS_TABLE[recipe.os].title}'s vendor user ${vendor.name}`,
      );
    if (recipe.images.some((i) => i.arch !== "x86_64"))
      this.report.note("arm64 images' documents run on this host's x86_64 rootfs");
    for (const arn of recipe.images.flatMap((i) => i.managed)) this.report.note(`not run: AWS-managed component ${arn}`);
    this.report.note("steps run with the SSM agent's environment: PATH and AWS_SSM_*, no HOME, no LANG (instance/ssm-agent.ts)");
    const docs = new Map(recipe.documents.map((d) => [d, parseDocument(d.data)]));
    const machine = await this.buildInstance(vendor);
    let built = true;
    for (const [planned, doc] of docs) {
      built =
        (await this.phase(planned.resource, doc, "build", machine)) &&
        (await this.phase(planned.resource, doc, "validate", machine));
      if (!built) break;
    }
    if (!built) {
      this.report.note("build stage failed: AWSTOE stops at the first failed phase, so no later document and no test ran");
      await machine.stop();
      await machine.release();
      return undefined;
    }
    let after: Machine | undefined;
    if (keepAfterBuild) {
      after = await machine.snapshot(join(this.work, this.next("after-build")));
      this.report.note("disk copied after the build stage (build and validate of every document), for the mutations");
    }
    await machine.stop();
    this.report.note("image: the build instance's disk, stopped; the test instance boots it fresh");
    await this.bootInstance(machine, "i-test");
    try {
      for (const [planned, doc] of docs) await this.phase(planned.resource, doc, "test", machine);
    } finally {
      await machine.stop();
      await machine.release();
    }
    return { after, docs };
  }

  /** Mutates the disk `after` of a recipe of `os`; each mutation gets its own copy. */
  async mutate(os: OsName, after: Machine, documents: Map<PlannedDocument, Document>): Promise<void> {
    for (const [planned, doc] of documents) {
      if (planned.practice === undefined) continue;
      const rows = MUTATIONS[planned.practice]?.(linuxFacts(os));
      if (!rows || rows.length === 0) {
        this.report.check(
          false,
          `no mutation for practice ${planned.practice}`,
          `add a row for "${planned.practice}" to instance/mutations.ts`,
        );
        continue;
      }
      for (const mutation of rows) {
        this.report.heading(`mutation of ${planned.practice}: ${mutation.name}`);
        const machine = await Machine.copy(after, join(this.work, this.next("mutated")));
        try {
          // The build instance as the build stage left it, still running: no new boot.
          await machine.resume(await this.namespace(machine));
          await machine.sh(mutation.commands);
          await this.phase(planned.resource, doc, "validate", machine, mutation.validate);
          await machine.stop();
          await this.bootInstance(machine, "i-test");
          await this.phase(planned.resource, doc, "test", machine, mutation.test);
        } catch (error) {
          this.report.check(false, `mutation ${mutation.name}`, error instanceof Error ? error.message : String(error));
        } finally {
          await machine.stop();
          await machine.release();
        }
      }
    }
  }
}

function removeDisk(root: string): void {
  // Never through a mount: the machine is stopped, and --one-file-system guards the host's /dev.
  spawnSync("rm", ["-rf", "--one-file-system", root]);
}

async function main(): Promise<number> {
  const missing = await missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(
      `test:instance cannot run on this machine, and does not pretend to:\n${missing.map((m) => `  - ${m}`).join("\n")}\n`,
    );
    return 2;
  }
  if (process.env[NAMESPACED] !== "1") {
    // Every mount the harness makes lives in a private mount namespace and ends with it; the
    // hostname cloud-init sets at each boot lives in a UTS namespace, not on the host.
    const child = spawnSync(
      "unshare",
      ["--mount", "--uts", "--propagation", "private", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
      {
        stdio: "inherit",
        env: { ...process.env, [NAMESPACED]: "1" },
      },
    );
    return child.status ?? 1;
  }
  const started = Date.now();
  const report = (line: string) => process.stdout.write(`${line}\n`);
  const tarball = await ensureRootfs(DEBIAN_12, report);
  // One after the other: the SDK's mock runtime is process-wide.
  const images: PlannedImage[] = [];
  for (const catalog of CATALOGS) images.push(...(await plannedImages(ROOT, catalog)));
  const work = join("/var/tmp", `ami-factory-instance-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const harness = new Harness(work, await Machine.unpack(tarball, join(work, "vendor-image")));
  try {
    report("\nexecuted here: images whose OS updates with apt (Debian 12 for real; Ubuntu 22.04/24.04 documents on Debian 12)");
    for (const image of images.filter((i) => !runsHere(i)))
      report(
        `static only: ${image.catalog}:${image.image} (${OS_TABLE[image.os].title}, ${image.arch}): ${image.documents.length} documents, not run here`,
      );
    const recipes = distinctRecipes(images.filter(runsHere));
    // The mutations start from the Debian image with the most best practices and no other component.
    const base = recipes.find((r) => r.os === "debian-12" && r.documents.every((d) => d.practice));
    if (!base) throw new Error("no Debian 12 image with only the best practices in the catalogs");
    for (const recipe of recipes) {
      const result = await harness.runRecipe(recipe, recipe === base);
      if (recipe === base) {
        if (result?.after) await harness.mutate(recipe.os, result.after, result.docs);
        else harness.report.check(false, "mutations", "the build of the Debian 12 recipe failed: no mutation ran");
        if (result?.after) removeDisk(result.after.root);
      }
    }
  } finally {
    removeDisk(work);
  }
  report(`\ninstance harness: ${Math.round((Date.now() - started) / 1000)} s`);
  report(harness.report.summary());
  return harness.report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`test:instance: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.stdout.write("0 passed, 1 failed\n");
    process.exitCode = 1;
  },
);
