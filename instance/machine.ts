/**
 * A machine is a root filesystem the harness runs commands in with chroot, as root, with /proc,
 * /sys, /dev and a fresh /run mounted. A booted test instance also gets a network namespace of
 * its own, holding only loopback, where sshd listens and the port checks look.
 *
 * Booting is emulated, not performed: there is no kernel and no systemd as PID 1. What a boot
 * does for the practices is done with the image's own programs: cloud-init's four stages read a
 * NoCloud seed (EC2's metadata service stands in), then enabled SSH units are started as systemd
 * would start them. Every such stand-in is returned as a note, for the output.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exec, must, tail, type Result } from "./exec";
import { agentEnvironment, SERVICE_PATH } from "./ssm-agent";

/** The region the emulated instances say they are in (AWS_SSM_REGION_NAME). */
const EMULATED_REGION = "us-east-1";
/** A stage that runs longer is stuck (a datasource waiting on a network it will never get). */
const CLOUD_INIT_STAGE_TIMEOUT_SECONDS = 600;
/** Debian's SSH units: sshd starts at boot when either is enabled. */
const SSH_UNITS = ["ssh.service", "ssh.socket"];

export interface Network {
  /** Namespace name, created and deleted by the harness. */
  netns: string;
  /** Environment the instance's programs get to reach Debian's mirror from the namespace. */
  env: Record<string, string>;
}

export class Machine {
  private mounted: string[] = [];
  private cleanups: (() => Promise<void>)[] = [];
  private overlay?: string;
  network?: Network;
  /** Set by the first boot and kept: a reboot is the same EC2 instance. */
  instanceId?: string;

  constructor(readonly root: string) {}

  static async unpack(tarball: string, root: string): Promise<Machine> {
    mkdirSync(root, { recursive: true });
    await must(["tar", "-C", root, "--numeric-owner", "-xpf", tarball]);
    return new Machine(root);
  }

  /**
   * A copy of a stopped machine's disk, as an AMI of it would hold: an overlay whose lower layer
   * is that disk (left untouched), so each copy costs no time. Removed with `release`.
   */
  static async copy(from: Machine, dir: string): Promise<Machine> {
    for (const sub of ["upper", "work", "root"]) mkdirSync(join(dir, sub), { recursive: true });
    const options = `lowerdir=${from.root},upperdir=${join(dir, "upper")},workdir=${join(dir, "work")}`;
    await must(["mount", "-t", "overlay", "overlay", "-o", options, join(dir, "root")]);
    const machine = new Machine(join(dir, "root"));
    machine.overlay = join(dir, "root");
    return machine;
  }

  /** Unmounts an overlay disk; its directory can then be removed. */
  async release(): Promise<void> {
    if (this.overlay) await exec(["umount", this.overlay]);
    this.overlay = undefined;
  }

  /** A copy of this running machine's disk, without what is mounted on it (/proc, /sys, /dev, /run). */
  async snapshot(root: string): Promise<Machine> {
    await must(["cp", "-a", "--one-file-system", this.root, root]);
    return new Machine(root);
  }

  /** The harness's own commands (cloud-init's stages, its checks and mutations). */
  env(): NodeJS.ProcessEnv {
    return { PATH: SERVICE_PATH, HOME: "/root", LANG: "C.UTF-8", ...(this.network?.env ?? {}) };
  }

  /** A component's steps: the SSM agent's environment (ssm-agent.ts), no HOME and no LANG. */
  agentEnv(): NodeJS.ProcessEnv {
    const identity = {
      instanceId: this.instanceId ?? "",
      region: EMULATED_REGION,
      osRelease: this.readFile("/etc/os-release") ?? "",
    };
    return { ...agentEnvironment(identity), ...(this.network?.env ?? {}) };
  }

  /** The argv that runs `argv` inside the machine (and its namespace, when it has one). */
  wrap(argv: readonly string[]): string[] {
    const inRoot = ["chroot", this.root, ...argv];
    return this.network ? ["ip", "netns", "exec", this.network.netns, ...inRoot] : inRoot;
  }

  run(argv: readonly string[], timeoutSeconds?: number): Promise<Result> {
    return exec(this.wrap(argv), { env: this.env(), timeoutSeconds });
  }

  /** Runs a component's step as the SSM agent runs AWSTOE: as root, with the agent's environment. */
  runAsAgent(argv: readonly string[], timeoutSeconds?: number): Promise<Result> {
    return exec(this.wrap(argv), { env: this.agentEnv(), timeoutSeconds });
  }

  async sh(script: string): Promise<string> {
    const result = await this.run(["bash", "-euo", "pipefail", "-c", script]);
    if (result.code !== 0) throw new Error(`in ${this.root}: ${script}\nexited ${result.code}:\n${tail(result.output)}`);
    return result.output;
  }

  writeFile(path: string, content: string): void {
    const full = join(this.root, path);
    mkdirSync(full.slice(0, full.lastIndexOf("/")), { recursive: true });
    writeFileSync(full, content);
  }

  readFile(path: string): string | undefined {
    const full = join(this.root, path);
    return existsSync(full) ? readFileSync(full, "utf8") : undefined;
  }

  /** Mounts what a running system has; /run starts empty, as after any boot. */
  async start(network?: Network): Promise<void> {
    const mounts: [string, string[]][] = [
      ["proc", ["-t", "proc", "proc"]],
      ["sys", ["-t", "sysfs", "sysfs"]],
      ["dev", ["--rbind", "/dev"]],
      ["run", ["-t", "tmpfs", "tmpfs"]],
    ];
    for (const [dir, args] of mounts) {
      const target = join(this.root, dir);
      mkdirSync(target, { recursive: true });
      await must(["mount", ...args, target]);
      this.mounted.push(target);
    }
    this.network = network;
  }

  /**
   * The disk of an instance that was running when it was copied, running again without a boot:
   * the instance id is the one cloud-init last booted it with.
   */
  async resume(network?: Network): Promise<void> {
    await this.start(network);
    this.instanceId = this.readFile("/var/lib/cloud/data/instance-id")?.trim();
  }

  /** Something to undo when the machine stops (its network namespace), after its mounts; a reboot keeps it. */
  onStop(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  /** What a shutdown ends: sshd and the mounts. The network namespace and the instance id stay, for a reboot. */
  async halt(): Promise<void> {
    const sshdPid = this.readFile("/run/sshd.pid")?.trim();
    if (sshdPid) {
      try {
        process.kill(Number(sshdPid), "SIGTERM");
      } catch {
        // already gone
      }
    }
    for (const target of this.mounted.reverse()) await exec(["umount", "-R", "-l", target]);
    this.mounted = [];
  }

  /** The instance stopped for good: halted, its network namespace gone; its disk can boot as a new instance. */
  async stop(): Promise<void> {
    await this.halt();
    this.network = undefined;
    this.instanceId = undefined;
    for (const cleanup of this.cleanups.splice(0)) await cleanup();
  }

  /**
   * A reboot of the running instance: halted and booted again in the same namespace with the same
   * instance id, so cloud-init sees the same instance and runs no first-boot (per-instance) module.
   */
  async reboot(): Promise<string[]> {
    const { instanceId, network } = this;
    if (instanceId === undefined) throw new Error(`in ${this.root}: reboot of a machine that was never booted`);
    await this.halt();
    return this.boot(instanceId, network);
  }

  /**
   * First boot (or a later boot) as EC2 would do it, for what the practices depend on:
   * cloud-init's stages with the instance id, then the SSH units systemd would start.
   */
  async boot(instanceId: string, network?: Network): Promise<string[]> {
    await this.start(network);
    this.instanceId = instanceId;
    const notes = [
      `boot: emulated (chroot${network ? `, network namespace ${network.netns}` : ", host network"}; no kernel, no systemd as PID 1)`,
      `boot: EC2 metadata emulated by a NoCloud seed with instance-id ${instanceId}`,
    ];
    this.writeFile("/var/lib/cloud/seed/nocloud/meta-data", `instance-id: ${instanceId}\nlocal-hostname: ${instanceId}\n`);
    this.writeFile("/var/lib/cloud/seed/nocloud/user-data", "#cloud-config\n{}\n");
    this.writeFile("/etc/cloud/cloud.cfg.d/90_ami-factory-harness-datasource.cfg", "datasource_list: [NoCloud, None]\n");
    for (const stage of [["init", "--local"], ["init"], ["modules", "--mode=config"], ["modules", "--mode=final"]]) {
      const ran = await this.run(["cloud-init", ...stage], CLOUD_INIT_STAGE_TIMEOUT_SECONDS);
      if (ran.timedOut)
        throw new Error(`cloud-init ${stage.join(" ")} did not finish in ${CLOUD_INIT_STAGE_TIMEOUT_SECONDS} s on ${instanceId}`);
    }
    const result = JSON.parse(this.readFile("/run/cloud-init/result.json") ?? '{"v1":{"errors":["no result.json"]}}') as {
      v1?: { errors?: string[] };
    };
    const errors: string[] = result.v1?.errors ?? [];
    if (errors.length > 0) throw new Error(`cloud-init reported errors on ${instanceId}:\n${errors.join("\n")}`);
    notes.push(`boot: cloud-init ran init --local, init, modules config and final without errors`);
    notes.push(...(await this.startSsh()));
    return notes;
  }

  /** What systemd does at boot for Debian's SSH units: ExecStartPre `sshd -t`, then sshd. */
  private async startSsh(): Promise<string[]> {
    const enabled: string[] = [];
    for (const unit of SSH_UNITS) {
      if ((await this.run(["systemctl", "is-enabled", "--quiet", unit])).code === 0) enabled.push(unit);
    }
    if (enabled.length === 0) return ["boot: no SSH unit is enabled, sshd not started"];
    await this.sh("install -d -m 0755 /run/sshd && /usr/sbin/sshd -t && /usr/sbin/sshd");
    return [`boot: ${enabled.join(" and ")} enabled: sshd started as systemd would (sshd -t, then /usr/sbin/sshd)`];
  }
}
