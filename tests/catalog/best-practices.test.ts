import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "yaml";
import {
  BEST_PRACTICE_NAMES,
  BEST_PRACTICES,
  FIREWALL_OPEN_SSH,
  type BestPracticeName,
} from "../../catalog/tables/best-practices";
import { bestPracticeComponents, inlineComponentDocument, type ComponentDocument } from "../../catalog/render/component-document";
import { contentVersion, MAX_VERSION_NODE } from "../../catalog/render/content-version";
import {
  LINUX_LOGIN_USER,
  OS_NAMES,
  OS_TABLE,
  type LinuxFacts,
  type OsName,
  type WindowsFacts,
} from "../../catalog/tables/os-table";

interface ParsedStep {
  name: string;
  action: string;
  inputs?: { commands: string[] };
}
interface ParsedDocument {
  name: string;
  description: string;
  schemaVersion: number;
  phases: { name: string; steps: ParsedStep[] }[];
}

const parseDocument = (data: string): ParsedDocument => parse(data) as ParsedDocument;

function phase(data: string, name: string): ParsedStep[] {
  return parseDocument(data).phases.find((p) => p.name === name)?.steps ?? [];
}

/** Every command of a phase, one per line, in order. */
function commandsOf(data: string, phaseName: string): string {
  return phase(data, phaseName)
    .flatMap((step) => step.inputs?.commands ?? [])
    .join("\n");
}

function componentOf(os: OsName, practice: BestPracticeName): ComponentDocument {
  const found = bestPracticeComponents(os).find((c) => c.practice === practice);
  if (!found) throw new Error(`${os} has no ${practice} component`);
  return found;
}

const LINUX_OSES = OS_NAMES.filter((os) => OS_TABLE[os].platform === "Linux");
const WINDOWS_OSES = OS_NAMES.filter((os) => OS_TABLE[os].platform === "Windows");

function linuxFacts(os: OsName): LinuxFacts {
  const info = OS_TABLE[os];
  if (info.platform !== "Linux") throw new Error(`${os} is not Linux`);
  return info.facts;
}

function windowsFacts(os: OsName): WindowsFacts {
  const info = OS_TABLE[os];
  if (info.platform !== "Windows") throw new Error(`${os} is not Windows`);
  return info.facts;
}

/** Every command of every phase. */
function allCommands(data: string): string {
  return ["build", "validate", "test"].map((p) => commandsOf(data, p)).join("\n");
}
const ALL_COMPONENTS = OS_NAMES.flatMap((os) => bestPracticeComponents(os).map((c) => ({ os, c })));

/** Asserts that `text` contains every needle, naming the missing one. */
function assertIncludes(text: string, ...needles: string[]): void {
  for (const needle of needles) assert.ok(text.includes(needle), `expected to find ${JSON.stringify(needle)} in:\n${text}`);
}

function assertExcludes(text: string, ...needles: string[]): void {
  for (const needle of needles) assert.ok(!text.includes(needle), `expected no ${JSON.stringify(needle)} in:\n${text}`);
}

describe("bestPracticeComponents", () => {
  for (const os of OS_NAMES) {
    const info = OS_TABLE[os];
    it(`gives ${os} the ${info.platform} practices in recipe order, named by its variant`, () => {
      const components = bestPracticeComponents(os);
      const variant = info.platform === "Linux" ? `linux-${info.facts.packageManager.value}` : "windows";
      assert.deepEqual(
        components.map((c) => c.practice),
        BEST_PRACTICES[info.platform],
      );
      for (const c of components) {
        assert.ok(c.name.startsWith(`${variant}-`) && c.name.endsWith(`-${c.practice}`), c.name);
      }
      for (const c of components) assert.equal(c.platform, info.platform);
    });
  }

  it("has four Linux practices and two Windows practices, all with stable short names", () => {
    assert.deepEqual(BEST_PRACTICES.Linux, ["os-update", "disable-root-login", "login-user", "ssh-port-22"]);
    assert.deepEqual(BEST_PRACTICES.Windows, ["os-update", "rdp-port-3389"]);
    assert.deepEqual([...BEST_PRACTICE_NAMES].sort(), [...new Set([...BEST_PRACTICES.Linux, ...BEST_PRACTICES.Windows])].sort());
  });

  it("renders one document per name: OSes of the same variant share it byte for byte", () => {
    const byName = new Map<string, string>();
    for (const { c } of ALL_COMPONENTS) {
      const seen = byName.get(c.name);
      if (seen !== undefined) assert.equal(c.data, seen, c.name);
      byName.set(c.name, c.data);
    }
    // dnf, yum, apt and windows: 3 * 4 + 2, plus AL2023's own update and Ubuntu's and Debian's own login user.
    assert.equal(byName.size, 16);
  });

  it("keeps the names of documents that did not change, and names each split by the fact that splits it", () => {
    const names = (os: OsName) => bestPracticeComponents(os).map((c) => c.name);
    assert.deepEqual(names("rhel-9"), [
      "linux-dnf-os-update",
      "linux-dnf-disable-root-login",
      "linux-dnf-login-user",
      "linux-dnf-ssh-port-22",
    ]);
    assert.deepEqual(names("amazon-linux-2023"), [
      "linux-dnf-releasever-latest-os-update",
      "linux-dnf-disable-root-login",
      "linux-dnf-login-user",
      "linux-dnf-ssh-port-22",
    ]);
    assert.deepEqual(names("ubuntu-24.04"), names("ubuntu-22.04"));
    assert.deepEqual(names("debian-12"), [
      "linux-apt-os-update",
      "linux-apt-disable-root-login",
      "linux-apt-admin-login-user",
      "linux-apt-ssh-port-22",
    ]);
    assert.equal(componentOf("ubuntu-22.04", "login-user").name, "linux-apt-ubuntu-login-user");
    assert.deepEqual(names("windows-2019"), ["windows-os-update", "windows-rdp-port-3389"]);
  });

  it("renders the same bytes on every call", () => {
    for (const os of OS_NAMES) assert.deepEqual(bestPracticeComponents(os), bestPracticeComponents(os));
  });

  describe("documents", () => {
    for (const { os, c } of ALL_COMPONENTS) {
      it(`${os} ${c.name} is a schema 1.0 document with build, validate and test phases`, () => {
        const doc = parseDocument(c.data);
        assert.deepEqual(Object.keys(doc), ["name", "description", "schemaVersion", "phases"]);
        assert.equal(doc.name, c.name);
        assert.equal(doc.description, c.description);
        assert.match(c.data, /^schemaVersion: 1\.0$/m);
        assert.deepEqual(
          doc.phases.map((p) => p.name),
          ["build", "validate", "test"],
        );
        const script = c.platform === "Linux" ? "ExecuteBash" : "ExecutePowerShell";
        const prelude = c.platform === "Linux" ? "set -euo pipefail" : "$ErrorActionPreference = 'Stop'";
        for (const p of doc.phases) {
          assert.ok(p.steps.length > 0, `${p.name} has no steps`);
          assert.equal(new Set(p.steps.map((s) => s.name)).size, p.steps.length, `${p.name} step names repeat`);
          for (const step of p.steps) {
            assert.match(step.name, /^[A-Za-z0-9]+$/);
            if (step.action === script) assert.equal(step.inputs?.commands[0], prelude);
            else assert.deepEqual(step, { name: step.name, action: "UpdateOS" });
          }
        }
      });
    }

    for (const { os, c } of ALL_COMPONENTS.filter(({ c }) => c.platform === "Linux")) {
      it(`${os} ${c.name} phases are valid bash`, () => {
        for (const p of ["build", "validate", "test"]) {
          const result = spawnSync("bash", ["-n"], { input: commandsOf(c.data, p), encoding: "utf8" });
          assert.equal(result.status, 0, `${p}: ${result.stderr}`);
        }
      });
    }
  });

  describe("os-update", () => {
    const expected = { dnf: /^dnf -y upgrade --refresh/m, yum: /^yum -y update/m, apt: /^apt-get -y .* dist-upgrade$/m };
    for (const os of LINUX_OSES) {
      const facts = linuxFacts(os);
      const manager = facts.packageManager.value;
      it(`updates ${os} with ${manager} and tests that no security update is pending, with the table's release flags`, () => {
        const { data } = componentOf(os, "os-update");
        const build = commandsOf(data, "build");
        assert.match(build, expected[manager]);
        const test = commandsOf(data, "test");
        if (facts.securityCheck.value === "apt-simulated-security-origin")
          assertIncludes(test, "apt-get -s dist-upgrade", "^Inst .*security");
        else assertIncludes(test, `${manager} -q check-update --security`, '"$rc" -eq 100', "echo 'no security update pending'");
        assert.equal(commandsOf(data, "validate"), test);
        const flags = facts.releaseFlags.value.join(" ");
        if (flags !== "") {
          assert.match(build, new RegExp(`^${manager} .* ${flags}$`, "m"));
          assert.match(test, new RegExp(`^${manager} -q check-update --security ${flags} \\|\\| rc=\\$\\?$`, "m"));
        } else {
          assertExcludes(data, "--releasever");
        }
      });
    }

    it("moves Amazon Linux 2023 to the latest release on both the upgrade and the check, and leaves RHEL 9 on its own", () => {
      const al2023 = componentOf("amazon-linux-2023", "os-update").data;
      const rhel = componentOf("rhel-9", "os-update").data;
      assert.equal(commandsOf(al2023, "build").split("\n").at(-1), "dnf -y upgrade --refresh --releasever=latest");
      assert.equal(commandsOf(rhel, "build").split("\n").at(-1), "dnf -y upgrade --refresh");
      assertIncludes(commandsOf(al2023, "test"), "dnf -q check-update --security --releasever=latest || rc=$?");
      assertIncludes(commandsOf(rhel, "test"), "dnf -q check-update --security || rc=$?");
    });

    for (const os of WINDOWS_OSES) {
      it(`updates ${os} with UpdateOS and tests for pending security updates by their classification GUID`, () => {
        const { data } = componentOf(os, "os-update");
        assert.deepEqual(phase(data, "build"), [{ name: "UpdateWindows", action: "UpdateOS" }]);
        const test = commandsOf(data, "test");
        assertIncludes(
          test,
          "Microsoft.Update.Session",
          `CategoryIDs contains '${windowsFacts(os).securityCategory.value}'`,
          "exit 1",
        );
        assert.equal(commandsOf(data, "validate"), test);
        // A display name differs per language: none is used.
        assertExcludes(test, "Security Updates");
      });
    }
  });

  describe("disable-root-login", () => {
    for (const os of LINUX_OSES) {
      const sshd = linuxFacts(os).sshd.value;
      it(`${os}: the build refuses root in ${sshd.path}'s config and locks root's password, the test checks both`, () => {
        const { data } = componentOf(os, "disable-root-login");
        assertIncludes(commandsOf(data, "build"), "PermitRootLogin no", "usermod -L root", `${sshd.path} -t`);
        assertIncludes(commandsOf(data, "test"), `${sshd.path} -T -C user=root`, "'permitrootlogin no'", "getent shadow root");
      });
    }

    it("uses an sshd_config.d drop-in where the table says the vendor includes it, and edits sshd_config elsewhere", () => {
      for (const os of LINUX_OSES) {
        const build = commandsOf(componentOf(os, "disable-root-login").data, "build");
        if (linuxFacts(os).sshd.value.dropIns) {
          assertIncludes(build, "> /etc/ssh/sshd_config.d/00-ami-factory-root-login.conf");
        } else {
          assertIncludes(build, "sed -i '1i PermitRootLogin no' /etc/ssh/sshd_config");
          assertExcludes(build, "sshd_config.d");
        }
      }
      assert.equal(linuxFacts("amazon-linux-2").sshd.value.dropIns, false);
    });

    it("creates sshd's runtime directory before sshd -t and -T exactly where the table names one", () => {
      for (const os of LINUX_OSES) {
        const dir = linuxFacts(os).sshd.value.runtimeDir;
        for (const practice of ["disable-root-login", "ssh-port-22"] as const) {
          const data = componentOf(os, practice).data;
          if (dir === undefined) assertExcludes(data, "/run/sshd");
          else for (const p of ["build", "validate", "test"]) assertIncludes(commandsOf(data, p), `install -d -m 0755 ${dir}`);
        }
      }
    });

    it("writes a drop-in that holds exactly the setting", () => {
      const build = commandsOf(componentOf("ubuntu-22.04", "disable-root-login").data, "build").split("\n");
      const write = build.find((c) => c.startsWith("printf") && c.includes("sshd_config.d"));
      assert.equal(runWritingTo(write, /\/etc\/ssh\/sshd_config\.d\/\S+/), "PermitRootLogin no\n");
    });
  });

  describe("login-user", () => {
    for (const os of LINUX_OSES) {
      const vendor = linuxFacts(os).vendorUser.value.name;
      it(`${os}: the build makes ${LINUX_LOGIN_USER} cloud-init's default user instead of ${vendor}, the test checks it`, () => {
        const { data } = componentOf(os, "login-user");
        assertIncludes(commandsOf(data, "build"), "/etc/cloud/cloud.cfg.d/", `name: ${LINUX_LOGIN_USER}`);
        assertIncludes(commandsOf(data, "test"), `id -u ${LINUX_LOGIN_USER}`, `"$default_user" != '${LINUX_LOGIN_USER}'`);
      });

      if (vendor === LINUX_LOGIN_USER) {
        it(`${os}: the vendor's user is ${LINUX_LOGIN_USER} itself, so nothing is removed`, () => {
          const { data } = componentOf(os, "login-user");
          assertExcludes(data, "userdel", "VendorUserRemoved", "RemoveVendorUser");
        });
      } else {
        it(`${os}: the build removes the vendor's user ${vendor} with its groups and sudo rule, validate and test check it`, () => {
          const { data } = componentOf(os, "login-user");
          assert.deepEqual(
            phase(data, "build").map((step) => step.name),
            ["SetDefaultUser", "RemoveVendorUser"],
          );
          assertIncludes(
            commandsOf(data, "build"),
            `userdel --remove ${vendor}`,
            `groupdel ${vendor}`,
            `/^[[:space:]]*${vendor}[[:space:]]/d`,
          );
          for (const p of ["validate", "test"]) {
            assert.equal(phase(data, p).at(-1)?.name, "VendorUserRemoved");
            assertIncludes(
              commandsOf(data, p),
              `the vendor's login user ${vendor} still exists`,
              `the vendor's login user ${vendor} is still a member of a group`,
              `a sudo rule still names ${vendor}`,
            );
          }
          assert.equal(data.includes(`description: Makes ${LINUX_LOGIN_USER} cloud-init's default user`), true);
        });
      }
    }

    it("removes ubuntu on Ubuntu and admin on Debian, as the table names them", () => {
      assert.equal(linuxFacts("ubuntu-22.04").vendorUser.value.name, "ubuntu");
      assert.equal(linuxFacts("ubuntu-24.04").vendorUser.value.name, "ubuntu");
      assert.equal(linuxFacts("debian-12").vendorUser.value.name, "admin");
      assertIncludes(commandsOf(componentOf("debian-12", "login-user").data, "build"), "userdel --remove admin");
      assertIncludes(commandsOf(componentOf("ubuntu-24.04", "login-user").data, "build"), "userdel --remove ubuntu");
    });

    it("the check fails, naming the user, while the vendor's user exists or is in a group, and passes once it is gone", () => {
      const check = phase(componentOf("debian-12", "login-user").data, "test").find((s) => s.name === "VendorUserRemoved");
      const commands = check?.inputs?.commands.join("\n") ?? "";
      const present = runWithGetent(commands, { passwd: "admin:x:1000:1000::/home/admin:/bin/bash", group: "sudo:x:27:admin" });
      assert.deepEqual(present, { status: 1, out: "the vendor's login user admin still exists\n" });
      const member = runWithGetent(commands, { passwd: "", group: "adm:x:4:syslog,admin" });
      assert.deepEqual(member, { status: 1, out: "the vendor's login user admin is still a member of a group\n" });
      const gone = runWithGetent(commands, { passwd: "", group: "sudo:x:27:ec2-user\nadmins:x:1001:" });
      assert.deepEqual(gone, { status: 0, out: "the vendor's login user admin is removed\n" });
    });

    it("writes a cloud-init drop-in whose default user is ec2-user", () => {
      const build = commandsOf(componentOf("debian-12", "login-user").data, "build").split("\n");
      const write = build.find((c) => c.includes("/etc/cloud/cloud.cfg.d/") && c.startsWith("printf"));
      const written = runWritingTo(write, /\/etc\/cloud\/cloud\.cfg\.d\/\S+\.cfg/);
      assert.deepEqual(parse(written), { system_info: { default_user: { name: LINUX_LOGIN_USER } } });
    });
  });

  describe("ssh-port-22", () => {
    for (const os of LINUX_OSES) {
      const facts = linuxFacts(os);
      it(`${os}: the build sets Port 22, the test checks sshd's port and a listener on :22`, () => {
        const { data } = componentOf(os, "ssh-port-22");
        assertIncludes(commandsOf(data, "build"), "Port 22", `${facts.sshd.value.path} -t`);
        assertIncludes(commandsOf(data, "test"), "'port 22'", "ss -ltn", "/:22$/", `${facts.sshd.value.path} -T`);
      });

      it(`${os}: checks every SSH unit of the table (${facts.sshUnits.value.join(", ")}) and enables the last when none is`, () => {
        const data = componentOf(os, "ssh-port-22").data;
        const units = facts.sshUnits.value;
        for (const unit of units) assertIncludes(data, `systemctl is-enabled --quiet ${unit}`);
        assertIncludes(commandsOf(data, "build"), `; then systemctl enable ${units[units.length - 1]}; fi`);
        for (const other of ["sshd.service", "ssh.service", "ssh.socket"].filter((u) => !units.includes(u)))
          assertExcludes(data, other);
      });

      it(`${os}: opens port 22 in the vendor's firewall (${facts.firewall.value}) when it is active`, () => {
        const build = commandsOf(componentOf(os, "ssh-port-22").data, "build");
        const tool = facts.firewall.value;
        if (tool !== "none") assertIncludes(build, FIREWALL_OPEN_SSH[tool]);
        for (const command of Object.values(FIREWALL_OPEN_SSH)) assertIncludes(build, command);
      });
    }
  });

  describe("rdp-port-3389", () => {
    for (const os of WINDOWS_OSES) {
      const group = windowsFacts(os).rdpFirewallGroup.value;
      it(`${os}: the build enables RDP on 3389, the test checks the registry, the rule group ${group} and a listener`, () => {
        const { data } = componentOf(os, "rdp-port-3389");
        assertIncludes(
          commandsOf(data, "build"),
          "-Name fDenyTSConnections -Value 0",
          "-Name PortNumber -Value 3389",
          `Enable-NetFirewallRule -Group '${group}'`,
        );
        assertIncludes(
          commandsOf(data, "test"),
          "Get-NetTCPConnection -State Listen -LocalPort 3389",
          "if ($port -ne 3389)",
          "if ($deny -ne 0)",
          `Get-NetFirewallRule -Group '${group}'`,
        );
        // The display group 'Remote Desktop' is translated on localized bases: never selected by it.
        assertExcludes(allCommands(data), "-DisplayGroup", "'Remote Desktop'");
      });
    }
  });
});

describe("inlineComponentDocument", () => {
  const build = ["echo 'one: two'", "# a comment", 'test "$HOME" != ""'];
  const test = ["systemctl is-active nginx", "curl -fsS http://localhost/ >/dev/null"];

  it("runs the build commands in order after the prelude in one ExecuteBash step on Linux", () => {
    const data = inlineComponentDocument("Linux", "web", "installs: nginx", build, test);
    const doc = parseDocument(data);
    assert.equal(doc.name, "web");
    assert.equal(doc.description, "installs: nginx");
    assert.match(data, /^schemaVersion: 1\.0$/m);
    assert.deepEqual(
      doc.phases.map((p) => p.name),
      ["build", "test"],
    );
    assert.deepEqual(phase(data, "build"), [
      { name: "Build", action: "ExecuteBash", inputs: { commands: ["set -euo pipefail", ...build] } },
    ]);
    assert.deepEqual(phase(data, "test"), [
      { name: "Test", action: "ExecuteBash", inputs: { commands: ["set -euo pipefail", ...test] } },
    ]);
  });

  it("uses ExecutePowerShell on Windows, checking each command's native exit code after it", () => {
    // Windows PowerShell 5.1 goes on after a native program exits non-zero, whatever
    // $ErrorActionPreference says: each command is followed by a check of $LASTEXITCODE, which
    // is reset first so that a check sees only its own command's program.
    const guard = (label: string) =>
      `if ($global:LASTEXITCODE) { Write-Output ('${label} exited with code ' + $global:LASTEXITCODE); exit $global:LASTEXITCODE }; $global:LASTEXITCODE = 0`;
    const data = inlineComponentDocument(
      "Windows",
      "app",
      "app",
      ["choco install -y nodejs --version 99.0", "Install-WindowsFeature Web-Server"],
      ["& C:\\app\\selftest.exe"],
    );
    assert.deepEqual(phase(data, "build"), [
      {
        name: "Build",
        action: "ExecutePowerShell",
        inputs: {
          commands: [
            "$ErrorActionPreference = 'Stop'",
            "$global:LASTEXITCODE = 0",
            "choco install -y nodejs --version 99.0",
            guard("Build command 1 (choco install -y nodejs --version 99.0)"),
            "Install-WindowsFeature Web-Server",
            guard("Build command 2 (Install-WindowsFeature Web-Server)"),
          ],
        },
      },
    ]);
    assert.deepEqual(phase(data, "test")[0]?.inputs?.commands.slice(2), [
      "& C:\\app\\selftest.exe",
      guard("Test command 1 (& C:\\app\\selftest.exe)"),
    ]);
  });

  it("names a command in its check by its first line, quoted for PowerShell and kept from AWSTOE's {{ }}", () => {
    const data = inlineComponentDocument("Windows", "app", "app", [
      "\n& 'C:\\Program Files\\app.exe' --name {{ name }} \u2018x\u2019 --and-more-than-forty-characters\nexit 1",
    ]);
    assert.equal(
      phase(data, "build")[0]?.inputs?.commands[3],
      "if ($global:LASTEXITCODE) { Write-Output ('Build command 1 (& ''C:\\Program Files\\app.exe'' --name { { n...) exited with code ' + $global:LASTEXITCODE); exit $global:LASTEXITCODE }; $global:LASTEXITCODE = 0",
    );
    const curly = inlineComponentDocument("Windows", "app", "app", ["Write-Output \u2018x\u2019"]);
    assert.match(String(phase(curly, "build")[0]?.inputs?.commands[3]), /\(Write-Output \u2018\u2018x\u2019\u2019\)/);
  });

  it("keeps any Windows command text intact, each followed by its check", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }), (commands) => {
        const rendered = phase(inlineComponentDocument("Windows", "x", "x", commands), "build")[0]?.inputs?.commands ?? [];
        assert.deepEqual(
          rendered.slice(2).filter((_, i) => i % 2 === 0),
          commands,
        );
        for (const check of rendered.slice(2).filter((_, i) => i % 2 === 1))
          assert.match(check, /^if \(\$global:LASTEXITCODE\) \{/);
      }),
    );
  });

  it("has no test phase without test commands", () => {
    for (const none of [undefined, []]) {
      const doc = parseDocument(inlineComponentDocument("Linux", "x", "x", ["true"], none));
      assert.deepEqual(
        doc.phases.map((p) => p.name),
        ["build"],
      );
    }
  });

  it("refuses a component without build commands, naming it", () => {
    assert.throws(() => inlineComponentDocument("Linux", "empty", "x", []), {
      message: 'component "empty" has no build commands; give at least one',
    });
  });

  it("keeps any command text intact through YAML", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }), (commands) => {
        const data = inlineComponentDocument("Linux", "x", "x", commands);
        assert.deepEqual(phase(data, "build")[0]?.inputs?.commands.slice(1), commands);
      }),
    );
  });

  it("renders the same bytes on every call", () => {
    assert.equal(
      inlineComponentDocument("Linux", "web", "d", build, test),
      inlineComponentDocument("Linux", "web", "d", build, test),
    );
  });
});

describe("contentVersion", () => {
  it("is 1.<a>.<b> with both nodes within Image Builder's limit", () => {
    fc.assert(
      fc.property(fc.string(), (content) => {
        const match = /^1\.(\d+)\.(\d+)$/.exec(contentVersion(content));
        assert.ok(match, content);
        for (const node of [match[1], match[2]]) {
          const n = Number(node);
          assert.ok(Number.isInteger(n) && n >= 0 && n <= MAX_VERSION_NODE, `${node} is out of range`);
        }
      }),
    );
  });

  it("is the same for the same content", () => {
    assert.equal(contentVersion("schemaVersion: 1.0\n"), contentVersion("schemaVersion: 1.0\n"));
    // sha256("abc") starts ba7816bf 8f01cfea; each word shifted right by 2 keeps its top 30 bits.
    assert.equal(contentVersion("abc"), `1.${0xba7816bf >>> 2}.${0x8f01cfea >>> 2}`);
  });

  it("differs when the content differs by one byte", () => {
    assert.notEqual(contentVersion("a"), contentVersion("b"));
    assert.notEqual(contentVersion(""), contentVersion(" "));
  });

  it("gives every best-practice document its own version", () => {
    const documents = new Set(ALL_COMPONENTS.map(({ c }) => c.data));
    assert.equal(new Set([...documents].map(contentVersion)).size, documents.size);
  });
});

/**
 * Runs a check with `getent` answering from the given passwd and group lines (empty: no entry),
 * and returns its exit status and output.
 */
function runWithGetent(commands: string, db: { passwd: string; group: string }): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "getent-"));
  try {
    const getent = join(dir, "getent");
    writeFileSync(
      getent,
      [
        "#!/bin/bash",
        `if [ "$1" = passwd ]; then [ -n "$GETENT_PASSWD" ] || exit 2; printf '%s\\n' "$GETENT_PASSWD"; exit 0; fi`,
        `printf '%s\\n' "$GETENT_GROUP"`,
      ].join("\n"),
    );
    chmodSync(getent, 0o755);
    const result = spawnSync("bash", ["-c", commands], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ""}`, GETENT_PASSWD: db.passwd, GETENT_GROUP: db.group },
    });
    return { status: result.status, out: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a build command that writes a file, redirected into a temporary directory, and returns
 * what it wrote.
 */
function runWritingTo(command: string | undefined, target: RegExp): string {
  if (command === undefined) throw new Error("no command writes the file");
  const dir = mkdtempSync(join(tmpdir(), "best-practices-"));
  try {
    const file = join(dir, "written");
    const result = spawnSync("bash", ["-c", command.replace(target, file)], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return readFileSync(file, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
