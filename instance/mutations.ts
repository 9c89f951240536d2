/**
 * What undoes each best practice after its build phase, and how its checks must then fail: the
 * proof that each check can fail for the right reason. Keyed by practice name, each entry a
 * function of the facts of the OS whose build instance is mutated (its vendor user, for one); a
 * practice the documents use and this table lacks fails the harness ("no mutation for practice X").
 */
import { LINUX_LOGIN_USER, type LinuxFacts } from "../catalog/tables/os-table";

/** A phase's expected outcome: it fails with this text in its output, or it passes. */
export type Expectation = { fails: string } | "passes";

export interface Mutation {
  /** What the mutation does to the built system, in words. */
  name: string;
  /** Bash run as root on the build instance after the build phases. */
  commands: string;
  /** The practice's validate phase, on the same (mutated) build instance. */
  validate: Expectation;
  /** The practice's test phase, on a fresh boot of the mutated image. */
  test: Expectation;
}

/** Sorts before the practices' own drop-ins, so sshd reads it first and it wins. */
const SSHD_DROP_IN = "/etc/ssh/sshd_config.d/00-0-harness-mutation.conf";
/** Sorts after the login-user drop-in, so cloud-init's merge lets it win. */
const CLOUD_DROP_IN = "/etc/cloud/cloud.cfg.d/99_zz-harness-mutation.cfg";
const SECURITY_REPO = "/srv/harness-security";
/** Where cloud-init writes the sudo rule of the users it creates. */
const CLOUD_INIT_SUDOERS = "/etc/sudoers.d/90-cloud-init-users";

/** A package installed at version 1, with version 2 in a local repository labelled as Debian's security archive. */
const PENDING_SECURITY_UPDATE = [
  'for v in 1 2; do d=$(mktemp -d); mkdir "$d/DEBIAN"',
  '  printf \'Package: ami-factory-probe\\nVersion: %s\\nArchitecture: all\\nMaintainer: harness <root@localhost>\\nDescription: probe\\n\' "$v" > "$d/DEBIAN/control"',
  '  dpkg-deb -b "$d" "/tmp/ami-factory-probe_$v.deb" >/dev/null; done',
  "dpkg -i /tmp/ami-factory-probe_1.deb >/dev/null",
  `install -d ${SECURITY_REPO} && mv /tmp/ami-factory-probe_2.deb ${SECURITY_REPO}/`,
  `cd ${SECURITY_REPO} && apt-ftparchive packages . > Packages`,
  "apt-ftparchive -o APT::FTPArchive::Release::Origin=Debian -o APT::FTPArchive::Release::Label=Debian-Security -o APT::FTPArchive::Release::Suite=stable-security -o APT::FTPArchive::Release::Version=12 release . > Release",
  `echo 'deb [trusted=yes] file:${SECURITY_REPO} ./' > /etc/apt/sources.list.d/harness-security.list`,
].join("\n");

/**
 * The vendor's user back as cloud-init creates it on a first boot: its groups (created when the
 * rootfs lacks one, as cloud-init does), a home, bash, and a rule in cloud-init's sudoers file.
 */
function restoreVendorUser(f: LinuxFacts): string {
  const { name, groups } = f.vendorUser.value;
  const sudoers = CLOUD_INIT_SUDOERS;
  return [
    `for group in ${groups.join(" ")}; do groupadd -f "$group"; done`,
    `useradd -m -s /bin/bash -G ${groups.join(",")} ${name}`,
    `printf '%s\\n' '# User rules for ${name}' '${name} ALL=(ALL) NOPASSWD:ALL' >> ${sudoers}`,
    `chmod 0440 ${sudoers}`,
    "visudo -c -q",
  ].join("\n");
}

/** The vendor's user gone, as the build left it, but its name back in the member list of its first group. */
function vendorUserLeftInGroup(f: LinuxFacts): string {
  const { name, groups } = f.vendorUser.value;
  // An empty member list gets the name, a list gets ",name"; getent reads /etc/group.
  return `sed -i -E '/^${groups[0]}:/ { s/:$/:${name}/; t; s/$/,${name}/ }' /etc/group`;
}

/** The vendor's user gone, but its sudo rule back in cloud-init's sudoers file (not checked by visudo: its user does not exist). */
function vendorSudoRuleLeft(f: LinuxFacts): string {
  const { name } = f.vendorUser.value;
  const sudoers = CLOUD_INIT_SUDOERS;
  return [`printf '%s\\n' '${name} ALL=(ALL) NOPASSWD:ALL' >> ${sudoers}`, `chmod 0440 ${sudoers}`].join("\n");
}

export const MUTATIONS: Readonly<Record<string, (facts: LinuxFacts) => readonly Mutation[]>> = {
  "os-update": () => [
    {
      name: "a security update pending (ami-factory-probe 2 in a repository labelled Debian-Security)",
      commands: PENDING_SECURITY_UPDATE,
      validate: { fails: "security updates are still pending" },
      test: { fails: "security updates are still pending" },
    },
  ],
  "disable-root-login": () => [
    {
      name: "root login permitted again (PermitRootLogin yes)",
      commands: `printf 'PermitRootLogin yes\\n' > ${SSHD_DROP_IN}`,
      validate: { fails: "sshd still permits root login" },
      test: { fails: "sshd still permits root login" },
    },
    {
      name: "root password unlocked",
      commands: "echo 'root:harness-mutation' | chpasswd",
      validate: { fails: "the root password is not locked" },
      test: { fails: "the root password is not locked" },
    },
  ],
  "login-user": (f) => [
    {
      name: `cloud-init's default user changed back to the vendor's (${f.vendorUser.value.name})`,
      commands: `printf 'system_info:\\n  default_user:\\n    name: ${f.vendorUser.value.name}\\n' > ${CLOUD_DROP_IN}`,
      validate: { fails: `cloud-init's default user is ${f.vendorUser.value.name}, not ${LINUX_LOGIN_USER}` },
      test: { fails: `cloud-init did not create ${LINUX_LOGIN_USER}` },
    },
    {
      name: `${LINUX_LOGIN_USER} created without passwordless sudo`,
      commands: `printf 'system_info:\\n  default_user:\\n    sudo: false\\n' > ${CLOUD_DROP_IN}`,
      validate: "passes",
      test: { fails: `${LINUX_LOGIN_USER} cannot use sudo` },
    },
    {
      name: `the vendor's login user restored after the build (${f.vendorUser.value.name}, its groups and sudo rule)`,
      commands: restoreVendorUser(f),
      validate: { fails: `the vendor's login user ${f.vendorUser.value.name} still exists` },
      test: { fails: `the vendor's login user ${f.vendorUser.value.name} still exists` },
    },
    {
      name: `the vendor's login user ${f.vendorUser.value.name} removed but still listed in group ${f.vendorUser.value.groups[0]}`,
      commands: vendorUserLeftInGroup(f),
      validate: { fails: `the vendor's login user ${f.vendorUser.value.name} is still a member of a group` },
      test: { fails: `the vendor's login user ${f.vendorUser.value.name} is still a member of a group` },
    },
    {
      name: `the vendor's login user ${f.vendorUser.value.name} removed but its sudo rule left in 90-cloud-init-users`,
      commands: vendorSudoRuleLeft(f),
      validate: { fails: `a sudo rule still names ${f.vendorUser.value.name}` },
      test: { fails: `a sudo rule still names ${f.vendorUser.value.name}` },
    },
  ],
  "ssh-port-22": () => [
    {
      // Port adds to the ports sshd listens on, so the practice's own drop-in must go too.
      name: "sshd moved to port 2222 (the practice's drop-in removed, Port 2222 in sshd_config)",
      commands: "rm /etc/ssh/sshd_config.d/00-ami-factory-port.conf && sed -i -E 's/^#?Port .*/Port 2222/' /etc/ssh/sshd_config",
      validate: { fails: "sshd is not configured for port 22" },
      test: { fails: "sshd is not configured for port 22" },
    },
    {
      name: "SSH disabled at boot (ssh.service and ssh.socket)",
      commands: "systemctl disable ssh.service ssh.socket",
      validate: { fails: "no SSH unit starts at boot" },
      test: { fails: "no SSH unit starts at boot" },
    },
    {
      name: "sshd configured for port 22 but listening only on 127.0.0.1:2222",
      commands: `printf 'ListenAddress 127.0.0.1:2222\\n' > ${SSHD_DROP_IN}`,
      validate: "passes",
      test: { fails: "nothing listens on TCP port 22" },
    },
  ],
};
