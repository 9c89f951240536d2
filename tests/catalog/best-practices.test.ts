import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "yaml";
import {
  BEST_PRACTICE_NAMES,
  BEST_PRACTICES,
  bestPracticeComponents,
  inlineComponentDocument,
  type BestPracticeName,
  type ComponentDocument,
} from "../../catalog/best-practices";
import { contentVersion, MAX_VERSION_NODE } from "../../catalog/content-version";
import { LINUX_LOGIN_USER, OS_NAMES, OS_TABLE, type OsName } from "../../catalog/os-table";

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
      const variant = info.platform === "Linux" ? `linux-${info.packageManager}` : "windows";
      assert.deepEqual(
        components.map((c) => c.practice),
        BEST_PRACTICES[info.platform],
      );
      assert.deepEqual(
        components.map((c) => c.name),
        BEST_PRACTICES[info.platform].map((p) => `${variant}-${p}`),
      );
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
    // dnf, yum, apt and windows: 3 * 4 + 2.
    assert.equal(byName.size, 14);
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
    const expected = { dnf: /^dnf -y upgrade/m, yum: /^yum -y update$/m, apt: /^apt-get -y .* dist-upgrade$/m };
    for (const os of LINUX_OSES) {
      const manager = OS_TABLE[os].packageManager as keyof typeof expected;
      it(`updates ${os} with ${manager} and tests that no security update is pending`, () => {
        const { data } = componentOf(os, "os-update");
        assert.match(commandsOf(data, "build"), expected[manager]);
        const test = commandsOf(data, "test");
        if (manager === "apt") assertIncludes(test, "apt-get -s dist-upgrade", "^Inst .*security");
        else assertIncludes(test, `${manager} -q check-update --security`, '"$rc" -eq 100');
        assert.equal(commandsOf(data, "validate"), test);
      });
    }

    for (const os of WINDOWS_OSES) {
      it(`updates ${os} with UpdateOS and tests for pending security updates`, () => {
        const { data } = componentOf(os, "os-update");
        assert.deepEqual(phase(data, "build"), [{ name: "UpdateWindows", action: "UpdateOS" }]);
        assertIncludes(commandsOf(data, "test"), "Microsoft.Update.Session", "'Security Updates'", "exit 1");
      });
    }
  });

  describe("disable-root-login", () => {
    for (const os of LINUX_OSES) {
      it(`${os}: the build refuses root in sshd and locks its password, the test checks both`, () => {
        const { data } = componentOf(os, "disable-root-login");
        assertIncludes(commandsOf(data, "build"), "PermitRootLogin no", "usermod -L root", "/usr/sbin/sshd -t");
        assertIncludes(commandsOf(data, "test"), "/usr/sbin/sshd -T -C user=root", "'permitrootlogin no'", "getent shadow root");
      });
    }

    it("uses an sshd_config.d drop-in where the vendor includes it, and edits sshd_config on Amazon Linux 2", () => {
      for (const os of LINUX_OSES) {
        const build = commandsOf(componentOf(os, "disable-root-login").data, "build");
        if (os === "amazon-linux-2") {
          assertIncludes(build, "sed -i '1i PermitRootLogin no' /etc/ssh/sshd_config");
          assertExcludes(build, "sshd_config.d");
        } else {
          assertIncludes(build, "> /etc/ssh/sshd_config.d/00-ami-factory-root-login.conf");
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
      it(`${os}: the build makes ${LINUX_LOGIN_USER} cloud-init's default user instead of ${OS_TABLE[os].vendorUser}, the test checks it`, () => {
        const { data } = componentOf(os, "login-user");
        assertIncludes(commandsOf(data, "build"), "/etc/cloud/cloud.cfg.d/", `name: ${LINUX_LOGIN_USER}`);
        assertIncludes(commandsOf(data, "test"), `id -u ${LINUX_LOGIN_USER}`, `"$default_user" != '${LINUX_LOGIN_USER}'`);
      });
    }

    it("writes a cloud-init drop-in whose default user is ec2-user", () => {
      const build = commandsOf(componentOf("debian-12", "login-user").data, "build").split("\n");
      const write = build.find((c) => c.includes("/etc/cloud/cloud.cfg.d/") && c.startsWith("printf"));
      const written = runWritingTo(write, /\/etc\/cloud\/cloud\.cfg\.d\/\S+\.cfg/);
      assert.deepEqual(parse(written), { system_info: { default_user: { name: LINUX_LOGIN_USER } } });
    });
  });

  describe("ssh-port-22", () => {
    for (const os of LINUX_OSES) {
      it(`${os}: the build sets Port 22, the test checks sshd's port and a listener on :22`, () => {
        const { data } = componentOf(os, "ssh-port-22");
        assertIncludes(commandsOf(data, "build"), "Port 22");
        assertIncludes(commandsOf(data, "test"), "'port 22'", "ss -ltn", "/:22$/");
      });
    }

    it("enables ssh on Ubuntu and Debian and sshd elsewhere", () => {
      for (const os of LINUX_OSES) {
        const data = componentOf(os, "ssh-port-22").data;
        if (OS_TABLE[os].packageManager === "apt") {
          assertIncludes(data, "systemctl enable ssh.service", "systemctl is-enabled --quiet ssh.socket");
          assertExcludes(data, "sshd.service");
        } else {
          assertIncludes(data, "systemctl enable sshd.service");
          assertExcludes(data, "ssh.socket", "ssh.service");
        }
      }
      assert.equal(componentOf("ubuntu-24.04", "ssh-port-22").name, "linux-apt-ssh-port-22");
    });
  });

  describe("rdp-port-3389", () => {
    for (const os of WINDOWS_OSES) {
      it(`${os}: the build enables RDP on 3389, the test checks the registry and a listener on 3389`, () => {
        const { data } = componentOf(os, "rdp-port-3389");
        assertIncludes(
          commandsOf(data, "build"),
          "-Name fDenyTSConnections -Value 0",
          "-Name PortNumber -Value 3389",
          "Enable-NetFirewallRule -DisplayGroup 'Remote Desktop'",
        );
        assertIncludes(
          commandsOf(data, "test"),
          "Get-NetTCPConnection -State Listen -LocalPort 3389",
          "if ($port -ne 3389)",
          "if ($deny -ne 0)",
        );
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

  it("uses ExecutePowerShell on Windows", () => {
    const data = inlineComponentDocument("Windows", "iis", "IIS", ["Install-WindowsFeature Web-Server"]);
    assert.deepEqual(phase(data, "build"), [
      {
        name: "Build",
        action: "ExecutePowerShell",
        inputs: { commands: ["$ErrorActionPreference = 'Stop'", "Install-WindowsFeature Web-Server"] },
      },
    ]);
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
