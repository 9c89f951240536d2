/**
 * Every operating system the factory builds, one row each, with the facts about the vendor's
 * image that the best-practice components rely on, each next to where the vendor documents it
 * (or the package whose source shows it). Adding an OS is adding a row: the mapped type over
 * `OsName` makes the compiler point at anything that must learn about it, and the components'
 * commands are derived from these facts (catalog/tables/best-practices.ts).
 */

export const ARCHITECTURES = ["x86_64", "arm64"] as const;
export type Arch = (typeof ARCHITECTURES)[number];
/** Architecture values that name a 32-bit platform, which the factory refuses (lowercase). */
export const THIRTY_TWO_BIT_ARCHITECTURES: readonly string[] = [
  "i386",
  "i486",
  "i586",
  "i686",
  "x86",
  "x86_32",
  "ia32",
  "386",
  "arm",
  "armhf",
  "armv7",
  "armv7l",
  "armel",
];

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
export type LinuxPackageManager = Exclude<PackageManager, "windows-update">;

/** A fact and its reference: a vendor documentation URL, or the package whose source shows it. */
export interface Fact<T> {
  value: T;
  ref: string;
}

/** The account the vendor's image creates for logging in, as its cloud-init (or installer) creates it. */
export interface VendorUser {
  name: string;
  groups: readonly string[];
}

/** Where an image without `base` starts from. */
export type DefaultBase =
  /** A public SSM parameter naming the vendor's current 64-bit HVM, EBS-backed AMI, per architecture. */
  | { kind: "ssm"; parameter: { readonly [A in Arch]?: string } }
  /** No documented public parameter: the catalog must name the base (`why` says so in the message). */
  | { kind: "none"; why: string };

export interface LinuxFacts {
  packageManager: Fact<LinuxPackageManager>;
  /**
   * Flags both the upgrade and the security check take, so that they look at the same, newest
   * repositories (Amazon Linux 2023 stays on its installed release without `--releasever=latest`).
   */
  releaseFlags: Fact<readonly string[]>;
  /** How pending security updates are listed and what "none pending" looks like. */
  securityCheck: Fact<"check-update-exit-100" | "apt-simulated-security-origin">;
  /** sshd's binary, whether the vendor's sshd_config includes sshd_config.d/*.conf, and the runtime directory `sshd -t` needs. */
  sshd: Fact<{ path: string; dropIns: boolean; runtimeDir?: string }>;
  /** systemd units that can serve SSH: any enabled one does; when none is, the last is enabled. */
  sshUnits: Fact<readonly string[]>;
  /** The vendor's login user; removed at the end of the build where it is not the factory's login user. */
  vendorUser: Fact<VendorUser>;
  /** The firewall tool the vendor ships, if any; the SSH component opens port 22 in firewalld and ufw when either is active. */
  firewall: Fact<"firewalld" | "ufw" | "none">;
}

export interface WindowsFacts {
  packageManager: Fact<"windows-update">;
  /** The Windows Update classification GUID of security updates: the same in every display language. */
  securityCategory: Fact<string>;
  /** The resource string of the Remote Desktop firewall rule group: the same in every display language. */
  rdpFirewallGroup: Fact<string>;
  vendorUser: Fact<VendorUser>;
  firewall: Fact<"windows-firewall">;
}

interface OsCommon {
  /** Human name, used in descriptions. */
  title: string;
  /** Root device of the vendor's AMIs: the recipe's root volume mapping must name it. */
  rootDevice: string;
  /** Architectures the vendor ships this OS for. */
  architectures: readonly Arch[];
  defaultBase: Fact<DefaultBase>;
}

export type OsInfo = OsCommon & ({ platform: "Linux"; facts: LinuxFacts } | { platform: "Windows"; facts: WindowsFacts });

const BOTH: readonly Arch[] = ["x86_64", "arm64"];

const REF = {
  al2023Packages: "https://docs.aws.amazon.com/linux/al2023/ug/package-management.html",
  al2023Releasever: "https://docs.aws.amazon.com/linux/al2023/ug/deterministic-upgrades-usage.html",
  al2023Ssm: "https://docs.aws.amazon.com/linux/al2023/ug/ec2.html",
  al2Yum: "https://docs.aws.amazon.com/linux/al2/ug/managing-software.html",
  al2Ssm: "https://docs.aws.amazon.com/linux/al2/ug/ec2.html",
  al2Firewall:
    "Amazon Linux 2 AMI: no firewall service is installed or enabled; security groups filter its traffic (https://docs.aws.amazon.com/linux/al2/ug/ec2.html)",
  dnfCheckUpdate: "https://dnf.readthedocs.io/en/latest/command_ref.html#check-update-command",
  yumCheckUpdate: "https://man7.org/linux/man-pages/man8/yum.8.html",
  rhelDnf: "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/managing_software_with_the_dnf_tool/",
  rhelSecurity:
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/managing_and_monitoring_security_updates/",
  rhelSsh:
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/securing_networks/assembly_using-secure-communications-between-two-systems-with-openssh_securing-networks",
  rhelFirewall:
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/9/html/configuring_firewalls_and_packet_filters/",
  publicParameters: "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-finding-public-parameters.html",
  fedoraOpenssh:
    "Fedora/AL2023 openssh package: sshd_config starts with Include /etc/ssh/sshd_config.d/*.conf (src.fedoraproject.org/rpms/openssh)",
  al2Openssh: "Amazon Linux 2 openssh 7.4p1 package: its sshd_config has no Include line",
  sshdUnitRpm: "openssh-server package (Fedora, RHEL, Amazon Linux): sshd.service",
  ec2Users: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/managing-users.html",
  cloudInitUbuntu: "cloud-init config/cloud.cfg.tmpl, default_user for Ubuntu (github.com/canonical/cloud-init)",
  cloudInitDebian:
    "Debian 12 cloud-init 22.4 /etc/cloud/cloud.cfg default_user groups; debian-cloud-images names it admin (salsa.debian.org/cloud-team/debian-cloud-images)",
  aptSecurity: "https://wiki.debian.org/UnattendedUpgrades",
  ubuntuSecurity: "https://ubuntu.com/server/docs/package-management",
  debianOpenssh:
    "Debian/Ubuntu openssh-server package: sshd_config includes /etc/ssh/sshd_config.d/*.conf; sshd -t needs /run/sshd (sources.debian.org/src/openssh)",
  ubuntuSshSocket: "https://discourse.ubuntu.com/t/sshd-now-uses-socket-based-activation-ubuntu-22-10-and-later/30189",
  debianSshService: "Debian openssh-server package: ssh.service (sources.debian.org/src/openssh/debian/)",
  ubuntuUfw: "https://ubuntu.com/server/docs/firewalls",
  debianFirewall: "https://wiki.debian.org/DebianFirewall",
  al2023Firewall: "https://docs.aws.amazon.com/linux/al2023/ug/compare-with-al2.html",
  canonicalSsm: "https://documentation.ubuntu.com/aws/aws-how-to/instances/find-ubuntu-images/",
  debianSsm: "https://wiki.debian.org/Cloud/AmazonEC2Image/Bookworm",
  windowsSsm: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/finding-an-ami-parameter-store.html",
  updateOs: "https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-action-modules.html#action-modules-updateos",
  wsusClassifications: "https://learn.microsoft.com/en-us/previous-versions/windows/desktop/ff357803(v=vs.85)",
  rdpGroup: "https://learn.microsoft.com/en-us/powershell/module/netsecurity/get-netfirewallrule",
  windowsAdministrator: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-rdp.html",
  windowsFirewall:
    "https://learn.microsoft.com/en-us/windows/security/operating-system-security/network-security/windows-firewall/",
} as const;

const EC2_USER: VendorUser = { name: "ec2-user", groups: ["adm", "wheel", "systemd-journal"] };
const NO_FLAGS: readonly string[] = [];
const RPM_SSHD = { path: "/usr/sbin/sshd", dropIns: true };
const DEBIAN_SSHD = { path: "/usr/sbin/sshd", dropIns: true, runtimeDir: "/run/sshd" };
/** Ubuntu 24.04 listens through ssh.socket; Ubuntu 22.04 and Debian 12 run ssh.service. */
const APT_SSH_UNITS: readonly string[] = ["ssh.socket", "ssh.service"];

function ubuntu(release: "22.04" | "24.04", volume: "gp2" | "gp3"): OsInfo {
  const parameter = (arch: string) =>
    `/aws/service/canonical/ubuntu/server/${release}/stable/current/${arch}/hvm/ebs-${volume}/ami-id`;
  return {
    platform: "Linux",
    title: `Ubuntu ${release} LTS`,
    rootDevice: "/dev/sda1",
    architectures: BOTH,
    defaultBase: {
      value: { kind: "ssm", parameter: { x86_64: parameter("amd64"), arm64: parameter("arm64") } },
      ref: REF.canonicalSsm,
    },
    facts: {
      packageManager: { value: "apt", ref: REF.ubuntuSecurity },
      releaseFlags: { value: NO_FLAGS, ref: REF.ubuntuSecurity },
      securityCheck: { value: "apt-simulated-security-origin", ref: REF.ubuntuSecurity },
      sshd: { value: DEBIAN_SSHD, ref: REF.debianOpenssh },
      sshUnits: { value: APT_SSH_UNITS, ref: REF.ubuntuSshSocket },
      vendorUser: {
        value: {
          name: "ubuntu",
          groups: ["adm", "audio", "cdrom", "dialout", "dip", "floppy", "lxd", "netdev", "plugdev", "sudo", "video"],
        },
        ref: `${REF.ec2Users}; ${REF.cloudInitUbuntu}`,
      },
      firewall: { value: "ufw", ref: REF.ubuntuUfw },
    },
  };
}

function windows(release: "2022" | "2019"): OsInfo {
  return {
    platform: "Windows",
    title: `Windows Server ${release}`,
    rootDevice: "/dev/sda1",
    architectures: ["x86_64"],
    defaultBase: {
      value: {
        kind: "ssm",
        parameter: { x86_64: `/aws/service/ami-windows-latest/Windows_Server-${release}-English-Full-Base` },
      },
      ref: REF.windowsSsm,
    },
    facts: {
      packageManager: { value: "windows-update", ref: REF.updateOs },
      securityCategory: { value: "0FA1201D-4330-4FA8-8AE9-B877473B6441", ref: REF.wsusClassifications },
      rdpFirewallGroup: { value: "@FirewallAPI.dll,-28752", ref: REF.rdpGroup },
      vendorUser: { value: { name: "Administrator", groups: ["Administrators"] }, ref: REF.windowsAdministrator },
      firewall: { value: "windows-firewall", ref: REF.windowsFirewall },
    },
  };
}

export const OS_TABLE: { readonly [K in OsName]: OsInfo } = {
  "amazon-linux-2023": {
    platform: "Linux",
    title: "Amazon Linux 2023",
    rootDevice: "/dev/xvda",
    architectures: BOTH,
    defaultBase: {
      value: {
        kind: "ssm",
        parameter: {
          x86_64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
          arm64: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
        },
      },
      ref: REF.al2023Ssm,
    },
    facts: {
      packageManager: { value: "dnf", ref: REF.al2023Packages },
      releaseFlags: { value: ["--releasever=latest"], ref: REF.al2023Releasever },
      securityCheck: { value: "check-update-exit-100", ref: REF.dnfCheckUpdate },
      sshd: { value: RPM_SSHD, ref: REF.fedoraOpenssh },
      sshUnits: { value: ["sshd.service"], ref: REF.sshdUnitRpm },
      vendorUser: { value: EC2_USER, ref: REF.ec2Users },
      firewall: { value: "none", ref: REF.al2023Firewall },
    },
  },
  "amazon-linux-2": {
    platform: "Linux",
    title: "Amazon Linux 2",
    rootDevice: "/dev/xvda",
    architectures: BOTH,
    defaultBase: {
      value: {
        kind: "ssm",
        parameter: {
          x86_64: "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
          arm64: "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2",
        },
      },
      ref: REF.al2Ssm,
    },
    facts: {
      packageManager: { value: "yum", ref: REF.al2Yum },
      releaseFlags: { value: NO_FLAGS, ref: REF.al2Yum },
      securityCheck: { value: "check-update-exit-100", ref: REF.yumCheckUpdate },
      sshd: { value: { path: "/usr/sbin/sshd", dropIns: false }, ref: REF.al2Openssh },
      sshUnits: { value: ["sshd.service"], ref: REF.sshdUnitRpm },
      vendorUser: { value: EC2_USER, ref: REF.ec2Users },
      firewall: { value: "none", ref: REF.al2Firewall },
    },
  },
  "ubuntu-22.04": ubuntu("22.04", "gp2"),
  "ubuntu-24.04": ubuntu("24.04", "gp3"),
  "rhel-9": {
    platform: "Linux",
    title: "Red Hat Enterprise Linux 9",
    rootDevice: "/dev/sda1",
    architectures: BOTH,
    defaultBase: {
      value: {
        kind: "none",
        why: "neither AWS nor Red Hat documents a public SSM parameter for RHEL 9 images",
      },
      ref: REF.publicParameters,
    },
    facts: {
      packageManager: { value: "dnf", ref: REF.rhelDnf },
      releaseFlags: { value: NO_FLAGS, ref: REF.rhelDnf },
      securityCheck: { value: "check-update-exit-100", ref: REF.rhelSecurity },
      sshd: { value: RPM_SSHD, ref: REF.rhelSsh },
      sshUnits: { value: ["sshd.service"], ref: REF.rhelSsh },
      vendorUser: { value: EC2_USER, ref: REF.ec2Users },
      firewall: { value: "firewalld", ref: REF.rhelFirewall },
    },
  },
  "debian-12": {
    platform: "Linux",
    title: "Debian 12 (bookworm)",
    rootDevice: "/dev/xvda",
    architectures: BOTH,
    defaultBase: {
      value: {
        kind: "ssm",
        parameter: {
          x86_64: "/aws/service/debian/release/12/latest/amd64",
          arm64: "/aws/service/debian/release/12/latest/arm64",
        },
      },
      ref: REF.debianSsm,
    },
    facts: {
      packageManager: { value: "apt", ref: REF.aptSecurity },
      releaseFlags: { value: NO_FLAGS, ref: REF.aptSecurity },
      securityCheck: { value: "apt-simulated-security-origin", ref: REF.aptSecurity },
      sshd: { value: DEBIAN_SSHD, ref: REF.debianOpenssh },
      sshUnits: { value: APT_SSH_UNITS, ref: REF.debianSshService },
      vendorUser: {
        value: {
          name: "admin",
          groups: ["adm", "audio", "cdrom", "dialout", "dip", "floppy", "netdev", "plugdev", "sudo", "video"],
        },
        ref: `${REF.ec2Users}; ${REF.cloudInitDebian}`,
      },
      firewall: { value: "none", ref: REF.debianFirewall },
    },
  },
  "windows-2022": windows("2022"),
  "windows-2019": windows("2019"),
};

/** The one login user of every Linux image the factory builds (AWS's AMI best practices: one consistent user). */
export const LINUX_LOGIN_USER = "ec2-user";

/** Architectures an OS ships for, in table order. */
export function architecturesOf(os: OsName): Arch[] {
  return ARCHITECTURES.filter((arch) => OS_TABLE[os].architectures.includes(arch));
}

/** The public SSM parameter an image of this OS and architecture starts from, when the vendor documents one. */
export function defaultBaseParameter(os: OsName, arch: Arch): string | undefined {
  const base = OS_TABLE[os].defaultBase.value;
  return base.kind === "ssm" ? base.parameter[arch] : undefined;
}

/**
 * Default build instance types per architecture: current-generation general purpose (M family,
 * not burstable, so a long build never runs out of CPU credits), two of them, because Image
 * Builder picks one of the listed types by availability.
 */
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
  // High Memory (u-6tb1, u-12tb1, u7i-12tb, u7in-16tb...): Intel only.
  if (/^u\d*[a-z]*-\d+tb\d*$/.test(family)) return "x86_64";
  return undefined;
}
