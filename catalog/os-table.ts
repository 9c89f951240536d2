/**
 * Every operating system the factory builds, one row each. Adding an OS is adding a row: the
 * mapped type over `OsName` makes the compiler point at anything that must learn about it.
 */

export const ARCHITECTURES = ["x86_64", "arm64"] as const;
export type Arch = (typeof ARCHITECTURES)[number];

export const OS_NAMES = [
  "amazon-linux-2023",
  "amazon-linux-2",
  "ubuntu-22.04",
  "ubuntu-24.04",
  "rhel-9",
  "debian-12",
  "windows-2022",
  "windows-2019",
] as const;
export type OsName = (typeof OS_NAMES)[number];

export type Platform = "Linux" | "Windows";
/** How the OS installs updates: decides the commands of the update component. */
export type PackageManager = "dnf" | "yum" | "apt" | "windows-update";

export interface OsInfo {
  /** Image Builder's platform for recipes and components. */
  platform: Platform;
  /** Human name, used in descriptions. */
  title: string;
  /** The login user the vendor's base image creates. Linux images are moved to `ec2-user`. */
  vendorUser: string;
  /** Root device of the vendor's AMIs: the recipe's root volume mapping must name it. */
  rootDevice: string;
  packageManager: PackageManager;
  /**
   * Public SSM parameter that names the vendor's current 64-bit HVM, EBS-backed AMI, per
   * architecture the OS ships for. An architecture absent here does not exist for this OS.
   */
  baseParameter: Partial<Record<Arch, string>>;
}

export const OS_TABLE: { readonly [K in OsName]: OsInfo } = {
  "amazon-linux-2023": {
    platform: "Linux",
    title: "Amazon Linux 2023",
    vendorUser: "ec2-user",
    rootDevice: "/dev/xvda",
    packageManager: "dnf",
    baseParameter: {
      x86_64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      arm64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    },
  },
  "amazon-linux-2": {
    platform: "Linux",
    title: "Amazon Linux 2",
    vendorUser: "ec2-user",
    rootDevice: "/dev/xvda",
    packageManager: "yum",
    baseParameter: {
      x86_64: "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
      arm64: "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2",
    },
  },
  "ubuntu-22.04": {
    platform: "Linux",
    title: "Ubuntu 22.04 LTS",
    vendorUser: "ubuntu",
    rootDevice: "/dev/sda1",
    packageManager: "apt",
    baseParameter: {
      x86_64: "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
      arm64: "/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id",
    },
  },
  "ubuntu-24.04": {
    platform: "Linux",
    title: "Ubuntu 24.04 LTS",
    vendorUser: "ubuntu",
    rootDevice: "/dev/sda1",
    packageManager: "apt",
    baseParameter: {
      x86_64: "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
      arm64: "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id",
    },
  },
  "rhel-9": {
    platform: "Linux",
    title: "Red Hat Enterprise Linux 9",
    vendorUser: "ec2-user",
    rootDevice: "/dev/sda1",
    packageManager: "dnf",
    baseParameter: {
      x86_64: "/aws/service/redhat/rhel/9/x86_64/latest",
      arm64: "/aws/service/redhat/rhel/9/arm64/latest",
    },
  },
  "debian-12": {
    platform: "Linux",
    title: "Debian 12 (bookworm)",
    vendorUser: "admin",
    rootDevice: "/dev/xvda",
    packageManager: "apt",
    baseParameter: {
      x86_64: "/aws/service/debian/release/12/latest/amd64",
      arm64: "/aws/service/debian/release/12/latest/arm64",
    },
  },
  "windows-2022": {
    platform: "Windows",
    title: "Windows Server 2022",
    vendorUser: "Administrator",
    rootDevice: "/dev/sda1",
    packageManager: "windows-update",
    baseParameter: {
      x86_64: "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
    },
  },
  "windows-2019": {
    platform: "Windows",
    title: "Windows Server 2019",
    vendorUser: "Administrator",
    rootDevice: "/dev/sda1",
    packageManager: "windows-update",
    baseParameter: {
      x86_64: "/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base",
    },
  },
};

/** The one login user of every Linux image the factory builds (the source document's advice). */
export const LINUX_LOGIN_USER = "ec2-user";

/** Architectures an OS ships for, in table order. */
export function architecturesOf(os: OsName): Arch[] {
  return ARCHITECTURES.filter((arch) => OS_TABLE[os].baseParameter[arch] !== undefined);
}

/** Default build instance types per architecture: current generation, burstable, cheap. */
export const DEFAULT_INSTANCE_TYPES: { readonly [A in Arch]: readonly string[] } = {
  x86_64: ["m7i.large", "m6i.large"],
  arm64: ["m7g.large", "m6g.large"],
};

/** Instance-type families by architecture, to refuse an x86 type on an arm64 build. */
export function instanceTypeArch(instanceType: string): Arch | undefined {
  const family = instanceType.split(".")[0] ?? "";
  // Graviton families carry a "g" right after the generation digit (m7g, c6gn, t4g, r8g...).
  if (/^[a-z]+\d+g[a-z]*$/.test(family)) return "arm64";
  if (/^(a1)$/.test(family)) return "arm64";
  if (/^[a-z]+\d+[a-z-]*$/.test(family)) return "x86_64";
  return undefined;
}
