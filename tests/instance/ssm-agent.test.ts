import assert from "node:assert/strict";
import { agentEnvironment, parseOsRelease, SERVICE_PATH } from "../../instance/ssm-agent";

const DEBIAN_12_OS_RELEASE = [
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  "ID=debian",
  "",
].join("\n");

describe("instance/ssm-agent: the environment of a step", () => {
  it("is PATH and the agent's AWS_SSM_* variables, with no HOME and no LANG", () => {
    assert.deepEqual(agentEnvironment({ instanceId: "i-build-1", region: "us-east-1", osRelease: DEBIAN_12_OS_RELEASE }), {
      PATH: SERVICE_PATH,
      AWS_SSM_INSTANCE_ID: "i-build-1",
      AWS_SSM_REGION_NAME: "us-east-1",
      AWS_SSM_PLATFORM_NAME: "Debian GNU/Linux",
      AWS_SSM_PLATFORM_VERSION: "12",
    });
  });

  it("leaves out the platform variables an os-release file does not give", () => {
    const env = agentEnvironment({ instanceId: "i-1", region: "us-east-1", osRelease: "ID=debian\n" });
    assert.equal("AWS_SSM_PLATFORM_NAME" in env, false);
    assert.equal("AWS_SSM_PLATFORM_VERSION" in env, false);
  });

  it("reads os-release values quoted or not, and skips comments and blank lines", () => {
    assert.deepEqual(parseOsRelease("# comment\nNAME='Amazon Linux'\nVERSION_ID=2023\n\n"), {
      NAME: "Amazon Linux",
      VERSION_ID: "2023",
    });
  });
});
