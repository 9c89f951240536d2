/**
 * The AMI best practices the factory implements, from AWS's guidelines for shared AMIs
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/building-shared-amis.html) and AWS
 * Marketplace's AMI-based product requirements
 * (https://docs.aws.amazon.com/marketplace/latest/userguide/product-and-ami-policies.html), as
 * EC2 Image Builder components, added to every recipe: each one changes the build instance in its `build` phase
 * and proves the change in its `test` phase, on an instance launched from the new image (and,
 * where it helps, already in its `validate` phase on the build instance).
 *
 * A document is derived from the OS's facts (os-table.ts), and its name from the facts that set
 * it apart, so OSes whose facts agree share one component (the tests check that no name stands
 * for two documents). render/component-document.ts renders the documents.
 */
import { LINUX_LOGIN_USER, type LinuxFacts, type Platform, type WindowsFacts } from "./os-table";

export const LINUX_BEST_PRACTICES = ["os-update", "disable-root-login", "login-user", "ssh-port-22"] as const;
export const WINDOWS_BEST_PRACTICES = ["os-update", "rdp-port-3389"] as const;
export type LinuxBestPractice = (typeof LINUX_BEST_PRACTICES)[number];
export type WindowsBestPractice = (typeof WINDOWS_BEST_PRACTICES)[number];
export type BestPracticeName = LinuxBestPractice | WindowsBestPractice;

/** Every practice's stable short name; a component is named `<variant>-<name>`. */
export const BEST_PRACTICE_NAMES: readonly BestPracticeName[] = [
  "os-update",
  "disable-root-login",
  "login-user",
  "ssh-port-22",
  "rdp-port-3389",
];

/** The practices of each platform, in recipe order. */
export const BEST_PRACTICES: { readonly [P in Platform]: readonly BestPracticeName[] } = {
  Linux: LINUX_BEST_PRACTICES,
  Windows: WINDOWS_BEST_PRACTICES,
};

// ---------------------------------------------------------------------------------------------
// A practice's steps by phase, as render/component-document.ts renders them.

export type PhaseName = "build" | "validate" | "test";

export type Step = { name: string; action: "UpdateOS" } | { name: string; action: "script"; commands: readonly string[] };
export type Phases = { readonly [P in PhaseName]?: readonly Step[] };

// ---------------------------------------------------------------------------------------------
// Linux: every command from the OS's facts (os-table.ts).

/** dnf and yum share `check-update`: exit 100 means updates are available, 0 that none are. */
function rpmSecurityCheck(tool: "dnf" | "yum", flags: readonly string[]): string[] {
  return [
    "rc=0",
    `${[tool, "-q", "check-update", "--security", ...flags].join(" ")} || rc=$?`,
    `if [ "$rc" -eq 100 ]; then echo 'security updates are still pending'; exit 1; fi`,
    `if [ "$rc" -ne 0 ]; then echo "${tool} check-update failed with exit code $rc"; exit "$rc"; fi`,
    "echo 'no security update pending'",
  ];
}

const APT_ENV = ["export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1"];
/** apt-get update, retried while unattended-upgrades of a fresh boot holds the lists lock. */
const APT_UPDATE =
  'for attempt in 1 2 3 4 5 6; do if apt-get update; then break; fi; if [ "$attempt" -eq 6 ]; then exit 1; fi; sleep 20; done';

/** Installs every available update. */
function updateCommands(f: LinuxFacts): string[] {
  const flags = f.releaseFlags.value;
  switch (f.packageManager.value) {
    case "dnf":
      return [["dnf", "-y", "upgrade", "--refresh", ...flags].join(" ")];
    case "yum":
      return [["yum", "-y", "update", ...flags].join(" ")];
    case "apt":
      return [
        ...APT_ENV,
        APT_UPDATE,
        "apt-get -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold dist-upgrade",
      ];
    default:
      return assertNever(f.packageManager.value);
  }
}

/** Exits 1 while the package manager reports a security update that is not installed. */
function securityCheck(f: LinuxFacts): string[] {
  const check = f.securityCheck.value;
  switch (check) {
    case "check-update-exit-100": {
      const tool = f.packageManager.value;
      if (tool === "apt") throw new Error("the OS table pairs apt with check-update; apt lists security updates by simulation");
      return rpmSecurityCheck(tool, f.releaseFlags.value);
    }
    case "apt-simulated-security-origin":
      return [
        ...APT_ENV,
        APT_UPDATE,
        "simulation=$(apt-get -s dist-upgrade)",
        "pending=$(grep -iE '^Inst .*security' <<<\"$simulation\" || true)",
        `if [ -n "$pending" ]; then echo "$pending"; echo 'security updates are still pending'; exit 1; fi`,
        "echo 'no security update pending'",
      ];
    default:
      return assertNever(check);
  }
}

/** Needed before `sshd -t`/`-T` where the runtime directory exists only while ssh runs (Debian's privilege separation directory). */
function sshdPrepare(f: LinuxFacts): string[] {
  const dir = f.sshd.value.runtimeDir;
  return dir === undefined ? [] : [`install -d -m 0755 ${dir}`];
}

/**
 * Makes `key value` sshd's effective global setting: a drop-in (read first, so it wins over
 * sshd_config) where the vendor includes them, else the first line of sshd_config, replacing
 * every other line that sets the key (Match blocks included).
 */
function sshdSetting(f: LinuxFacts, dropIn: string, key: string, value: string): string[] {
  const line = `${key} ${value}`;
  const path = `/etc/ssh/sshd_config.d/${dropIn}`;
  return f.sshd.value.dropIns
    ? ["install -d -m 0755 /etc/ssh/sshd_config.d", `printf '%s\\n' '${line}' > ${path}`, `chmod 0600 ${path}`]
    : [`sed -i -E '/^[[:space:]]*${key}[[:space:]]/Id' /etc/ssh/sshd_config`, `sed -i '1i ${line}' /etc/ssh/sshd_config`];
}

function noSshUnitEnabled(f: LinuxFacts): string {
  return f.sshUnits.value.map((unit) => `! systemctl is-enabled --quiet ${unit}`).join(" && ");
}

const ROOT_LOGIN_CHECK = (f: LinuxFacts): string[] => [
  ...sshdPrepare(f),
  `effective=$(${f.sshd.value.path} -T -C user=root,host=localhost,addr=127.0.0.1)`,
  `if ! grep -qix 'permitrootlogin no' <<<"$effective"; then echo 'sshd still permits root login'; exit 1; fi`,
  "root_password=$(getent shadow root | cut -d: -f2)",
  `case "$root_password" in '!'*|'*'*) ;; *) echo 'the root password is not locked'; exit 1 ;; esac`,
  "echo 'root login is disabled: sshd refuses root and its password is locked'",
];

/**
 * The default user cloud-init would create, found as its users-groups module finds it: the
 * merged configuration (`Init.cfg`, which leaves out `system_info`) and the distro built from
 * `system_info` go through `ug_util.normalize_users_groups`, then `extract_default`.
 */
const LOGIN_USER_CHECK: readonly string[] = [
  "ci_python=$(sed -n '1s/^#![[:space:]]*//p' \"$(command -v cloud-init)\")",
  `default_user=$($ci_python -c 'from cloudinit.stages import Init; from cloudinit.distros import ug_util; init = Init(); users, _ = ug_util.normalize_users_groups(init.cfg, init.distro); print(ug_util.extract_default(users)[0])')`,
  `if [ "$default_user" != '${LINUX_LOGIN_USER}' ]; then echo "cloud-init's default user is $default_user, not ${LINUX_LOGIN_USER}"; exit 1; fi`,
];

/** The vendor's login user where it is not the factory's: on Ubuntu and Debian, `ubuntu` and `admin`. */
function otherVendorUser(f: LinuxFacts): string | undefined {
  const name = f.vendorUser.value.name;
  return name === LINUX_LOGIN_USER ? undefined : name;
}

/**
 * Removes the vendor's user that cloud-init created on the build instance's first boot, with its
 * home, its groups and its sudo rule. The build runs as root through the SSM agent, never as this
 * user; an instance launched from the image runs cloud-init's per-instance user setup again and
 * creates only the default user, ec2-user.
 */
function removeVendorUser(user: string): string[] {
  return [
    `if id -u ${user} >/dev/null 2>&1; then pkill -KILL -u ${user} || true; userdel --remove ${user}; fi`,
    `if getent group ${user} >/dev/null; then groupdel ${user}; fi`,
    `for rules in /etc/sudoers.d/*; do if [ -f "$rules" ]; then sed -i -E '/^[[:space:]]*${user}[[:space:]]/d' "$rules"; fi; done`,
    "if command -v visudo >/dev/null 2>&1; then visudo -c -q; fi",
  ];
}

/** Fails while the vendor's user exists, belongs to a group or has a sudo rule. */
function vendorUserCheck(user: string): string[] {
  return [
    `if getent passwd ${user} >/dev/null; then echo "the vendor's login user ${user} still exists"; exit 1; fi`,
    "members=$(getent group | cut -d: -f4 | tr ',' '\\n')",
    `if grep -qx '${user}' <<<"$members"; then echo "the vendor's login user ${user} is still a member of a group"; exit 1; fi`,
    `if grep -rqsE '^[[:space:]]*${user}[[:space:]]' /etc/sudoers /etc/sudoers.d; then echo "a sudo rule still names ${user}"; exit 1; fi`,
    `echo "the vendor's login user ${user} is removed"`,
  ];
}

const SSH_PORT_CHECK = (f: LinuxFacts): string[] => [
  ...sshdPrepare(f),
  `effective=$(${f.sshd.value.path} -T)`,
  `if ! grep -qix 'port 22' <<<"$effective"; then echo 'sshd is not configured for port 22'; exit 1; fi`,
  `if ${noSshUnitEnabled(f)}; then echo 'no SSH unit starts at boot'; exit 1; fi`,
];

/** Opens port 22 with each firewall tool, only where it is installed and active. */
export const FIREWALL_OPEN_SSH: { readonly [T in "firewalld" | "ufw"]: string } = {
  firewalld:
    "if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then firewall-cmd --permanent --add-service=ssh; firewall-cmd --reload; fi",
  ufw: "if command -v ufw >/dev/null 2>&1 && grep -qx 'Status: active' <<<\"$(ufw status)\"; then ufw allow 22/tcp; fi",
};

export interface Practice<F> {
  description: (facts: F) => string;
  /**
   * What sets this practice's document apart from the others of its package manager, as name
   * parts: documents that differ get different names, OSes with the same facts share one.
   */
  qualifier?: (facts: F) => string[];
  phases: (facts: F) => Phases;
}

export const LINUX_PRACTICES: { readonly [P in LinuxBestPractice]: Practice<LinuxFacts> } = {
  "os-update": {
    description: () => "Installs every available OS update; fails while a security update is still pending.",
    // `--releasever=latest` -> `releasever-latest`.
    qualifier: (f) => f.releaseFlags.value.map((flag) => flag.replace(/^-+/, "").replace(/[^A-Za-z0-9]+/g, "-")),
    phases: (f) => ({
      build: [
        {
          name: "UpdatePackages",
          action: "script",
          commands: ["cloud-init status --wait >/dev/null || true", ...updateCommands(f)],
        },
      ],
      validate: [{ name: "NoPendingSecurityUpdate", action: "script", commands: securityCheck(f) }],
      test: [{ name: "NoPendingSecurityUpdate", action: "script", commands: securityCheck(f) }],
    }),
  },
  "disable-root-login": {
    description: () => "Disables root login: sshd PermitRootLogin no and a locked root password.",
    phases: (f) => ({
      build: [
        {
          name: "DisableRootLogin",
          action: "script",
          commands: [
            ...sshdSetting(f, "00-ami-factory-root-login.conf", "PermitRootLogin", "no"),
            "usermod -L root",
            ...sshdPrepare(f),
            `${f.sshd.value.path} -t`,
          ],
        },
      ],
      validate: [{ name: "RootLoginDisabled", action: "script", commands: ROOT_LOGIN_CHECK(f) }],
      test: [{ name: "RootLoginDisabled", action: "script", commands: ROOT_LOGIN_CHECK(f) }],
    }),
  },
  "login-user": {
    description: (f) => {
      const vendor = otherVendorUser(f);
      const base = `Makes ${LINUX_LOGIN_USER} cloud-init's default user, the one login user of every image`;
      return vendor === undefined ? `${base}.` : `${base}, and removes the vendor's login user ${vendor}.`;
    },
    qualifier: (f) => {
      const vendor = otherVendorUser(f);
      return vendor === undefined ? [] : [vendor];
    },
    phases: (f) => {
      const vendor = otherVendorUser(f);
      const removed = (name: string): Step[] =>
        vendor === undefined ? [] : [{ name, action: "script", commands: vendorUserCheck(vendor) }];
      return {
        build: [
          {
            name: "SetDefaultUser",
            action: "script",
            commands: [
              "install -d -m 0755 /etc/cloud/cloud.cfg.d",
              `printf '%s\\n' 'system_info:' '  default_user:' '    name: ${LINUX_LOGIN_USER}' > /etc/cloud/cloud.cfg.d/99_ami-factory-login-user.cfg`,
            ],
          },
          ...(vendor === undefined
            ? []
            : [{ name: "RemoveVendorUser", action: "script" as const, commands: removeVendorUser(vendor) }]),
        ],
        validate: [
          { name: "DefaultUserIsLoginUser", action: "script", commands: LOGIN_USER_CHECK },
          ...removed("VendorUserRemoved"),
        ],
        test: [
          {
            name: "LoginUserExists",
            action: "script",
            commands: [
              `if ! id -u ${LINUX_LOGIN_USER} >/dev/null 2>&1; then echo 'cloud-init did not create ${LINUX_LOGIN_USER}'; exit 1; fi`,
              ...LOGIN_USER_CHECK,
              `privileges=$(sudo -l -U ${LINUX_LOGIN_USER})`,
              `if ! grep -q 'NOPASSWD' <<<"$privileges"; then echo '${LINUX_LOGIN_USER} cannot use sudo'; exit 1; fi`,
              `echo '${LINUX_LOGIN_USER} is the login user'`,
            ],
          },
          ...removed("VendorUserRemoved"),
        ],
      };
    },
  },
  "ssh-port-22": {
    description: () => "Serves SSH on TCP port 22 from boot; the test checks that sshd listens there.",
    phases: (f) => ({
      build: [
        {
          name: "EnableSshOnPort22",
          action: "script",
          commands: [
            ...sshdSetting(f, "00-ami-factory-port.conf", "Port", "22"),
            ...sshdPrepare(f),
            `${f.sshd.value.path} -t`,
            `if ${noSshUnitEnabled(f)}; then systemctl enable ${f.sshUnits.value[f.sshUnits.value.length - 1]}; fi`,
            // Both tools wherever one is active: the vendor's (os-table.ts) or one a catalog component installed.
            ...Object.values(FIREWALL_OPEN_SSH),
          ],
        },
      ],
      validate: [{ name: "SshConfiguredOnPort22", action: "script", commands: SSH_PORT_CHECK(f) }],
      test: [
        {
          name: "SshListensOnPort22",
          action: "script",
          commands: [
            ...SSH_PORT_CHECK(f),
            "if ! ss -ltn | awk '$4 ~ /:22$/ { found = 1 } END { exit !found }'; then echo 'nothing listens on TCP port 22'; exit 1; fi",
            "echo 'SSH listens on TCP port 22'",
          ],
        },
      ],
    }),
  },
};

// ---------------------------------------------------------------------------------------------
// Windows: the checks select by language-independent identifiers (os-table.ts), never by display names.

const WINDOWS_SECURITY_CHECK = (f: WindowsFacts): string[] => [
  "$searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()",
  `$result = $searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software' and CategoryIDs contains '${f.securityCategory.value}'")`,
  "$pending = @($result.Updates)",
  "if ($pending.Count -gt 0) { $pending | ForEach-Object { Write-Output \"pending: $($_.Title)\" }; Write-Output 'security updates are still pending'; exit 1 }",
  "Write-Output 'no security update pending'",
];

const TERMINAL_SERVER = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server";
const RDP_TCP = `${TERMINAL_SERVER}\\WinStations\\RDP-Tcp`;

const RDP_CHECK = (f: WindowsFacts): string[] => [
  `$deny = (Get-ItemProperty -Path '${TERMINAL_SERVER}' -Name fDenyTSConnections).fDenyTSConnections`,
  "if ($deny -ne 0) { Write-Output 'Remote Desktop connections are denied'; exit 1 }",
  `$port = (Get-ItemProperty -Path '${RDP_TCP}' -Name PortNumber).PortNumber`,
  'if ($port -ne 3389) { Write-Output "RDP is configured on port $port, not 3389"; exit 1 }',
  `$rules = @(Get-NetFirewallRule -Group '${f.rdpFirewallGroup.value}' | Where-Object { $_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' })`,
  "if ($rules.Count -eq 0) { Write-Output 'no inbound Remote Desktop firewall rule is enabled'; exit 1 }",
];

export const WINDOWS_PRACTICES: { readonly [P in WindowsBestPractice]: Practice<WindowsFacts> } = {
  "os-update": {
    description: () => "Installs every available Windows update; fails while a security update is still pending.",
    phases: (f) => ({
      build: [{ name: "UpdateWindows", action: "UpdateOS" }],
      validate: [{ name: "NoPendingSecurityUpdate", action: "script", commands: WINDOWS_SECURITY_CHECK(f) }],
      test: [{ name: "NoPendingSecurityUpdate", action: "script", commands: WINDOWS_SECURITY_CHECK(f) }],
    }),
  },
  "rdp-port-3389": {
    description: () => "Enables Remote Desktop on TCP port 3389; the test checks that something listens there.",
    phases: (f) => ({
      build: [
        {
          name: "EnableRdpOnPort3389",
          action: "script",
          commands: [
            `Set-ItemProperty -Path '${TERMINAL_SERVER}' -Name fDenyTSConnections -Value 0 -Type DWord`,
            `Set-ItemProperty -Path '${RDP_TCP}' -Name PortNumber -Value 3389 -Type DWord`,
            `Enable-NetFirewallRule -Group '${f.rdpFirewallGroup.value}'`,
            "Set-Service -Name TermService -StartupType Automatic",
          ],
        },
      ],
      validate: [{ name: "RdpConfiguredOnPort3389", action: "script", commands: RDP_CHECK(f) }],
      test: [
        {
          name: "RdpListensOnPort3389",
          action: "script",
          commands: [
            ...RDP_CHECK(f),
            "$listeners = @(Get-NetTCPConnection -State Listen -LocalPort 3389 -ErrorAction SilentlyContinue)",
            "if ($listeners.Count -eq 0) { Write-Output 'nothing listens on TCP port 3389'; exit 1 }",
            "Write-Output 'RDP listens on TCP port 3389'",
          ],
        },
      ],
    }),
  },
};

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
