/**
 * The Debian 12 root filesystem the harness boots: built by mmdebstrap from Debian's own
 * packages, with what Debian's EC2 images ship for the practices (cloud-init, OpenSSH, sudo,
 * systemd, apt's update tooling). The vendor's default user is not in it: it differs per OS, and
 * each build instance gets its OS's before its first boot (vendor.ts), so one rootfs serves every
 * apt OS. Cached outside the clone as a tarball named by the hash of everything that goes into it,
 * so a changed package list builds a new one and an unchanged one is reused.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { exec, tail } from "./exec";

export const CACHE_DIR = process.env.AMI_FACTORY_CACHE ?? "/var/cache/ami-factory";

interface RootfsSpec {
  suite: string;
  variant: string;
  sources: readonly string[];
  packages: readonly string[];
  /** Files the vendor's image adds on top of the packages, by absolute path. */
  files: Readonly<Record<string, string>>;
  /** Commands run in the finished root (chroot), after the files are written. */
  commands: readonly string[];
}

export const DEBIAN_12: RootfsSpec = {
  suite: "bookworm",
  variant: "apt",
  sources: [
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
  ],
  packages: [
    "systemd",
    "systemd-sysv",
    "cloud-init",
    "cloud-guest-utils",
    "openssh-server",
    "sudo",
    "apt-utils",
    "unattended-upgrades",
    "python3-apt",
    "iproute2",
    "ifupdown",
    "isc-dhcp-client",
    "netbase",
    "ca-certificates",
    "procps",
    // cloud-init's locale module runs update-locale on every first boot.
    "locales",
  ],
  files: {
    // cloud-init's locale module sets en_US.UTF-8 on first boot; the vendor image has it generated.
    "/etc/locale.gen": "en_US.UTF-8 UTF-8\n",
  },
  commands: ["locale-gen"],
};

export function rootfsPath(spec: RootfsSpec): string {
  const hash = createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
  return join(CACHE_DIR, `rootfs-debian-12-${hash}.tar`);
}

function customizeHooks(spec: RootfsSpec): string[] {
  return Object.entries(spec.files)
    .flatMap(([path, content]) => {
      if (content.includes("'")) throw new Error(`vendor file ${path} must not contain a single quote`);
      const dir = path.slice(0, path.lastIndexOf("/"));
      return [`--customize-hook=mkdir -p "$1${dir}" && printf '%s' '${content}' > "$1${path}"`];
    })
    .concat(spec.commands.map((command) => `--customize-hook=chroot "$1" ${command}`));
}

/** The cached tarball, built first when missing. */
export async function ensureRootfs(spec: RootfsSpec, log: (line: string) => void): Promise<string> {
  const target = rootfsPath(spec);
  if (existsSync(target)) {
    log(`rootfs: cached ${target}`);
    return target;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  log(`rootfs: building ${target} with mmdebstrap (${spec.packages.length} packages)`);
  const started = Date.now();
  const result = await exec([
    "nice",
    "mmdebstrap",
    "--mode=root",
    `--variant=${spec.variant}`,
    "--format=tar",
    `--include=${spec.packages.join(",")}`,
    ...customizeHooks(spec),
    spec.suite,
    partial,
    ...spec.sources,
  ]);
  if (result.code !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`mmdebstrap failed (exit ${result.code}):\n${tail(result.output)}`);
  }
  renameSync(partial, target);
  log(`rootfs: built in ${Math.round((Date.now() - started) / 1000)} s`);
  return target;
}
