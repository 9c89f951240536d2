/**
 * What the SSM agent gives the steps AWSTOE runs for Image Builder: "All action modules use the
 * same account as the Systems Manager agent … root on Linux" (AWSTOE action modules,
 * https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-action-modules.html), and the
 * agent's environment. Read from aws/amazon-ssm-agent (commit 1c217c8):
 * - `packaging/linux/amazon-ssm-agent.service` has no `User=` and no `Environment=`, so systemd
 *   starts the agent with its clean service environment: `PATH` (and `LANG` only where a locale is
 *   configured), no `HOME` (set only for units with `User=`; systemd.exec(5), "Environment
 *   variables in spawned processes");
 * - `agent/executers/executers.go` `prepareEnvironment` gives a command `os.Environ()` plus
 *   `AWS_SSM_INSTANCE_ID`, `AWS_SSM_REGION_NAME`, `AWS_SSM_PLATFORM_NAME` and
 *   `AWS_SSM_PLATFORM_VERSION`; `executers_unix.go` `validateEnvironmentVariables` adds `HOME=/`
 *   for PowerShell only;
 * - `agent/platform/platform_unix.go` takes the platform's name and version from `NAME` and
 *   `VERSION_ID` of /etc/os-release.
 * AWSTOE itself is closed source: what it might add on top is not known, so nothing is added.
 */

/** systemd's PATH for services (systemd.exec(5)), with /sbin and /bin as split-usr builds such as Debian 12's have. */
export const SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * How many times a command may reboot the instance: the agent's `CommandRetryLimit`
 * (`agent/appconfig/constants.go` `DefaultCommandRetryLimit`), which AWSTOE's Reboot module
 * documents as its default limit.
 */
export const COMMAND_RETRY_LIMIT = 15;

export interface AgentIdentity {
  instanceId: string;
  region: string;
  /** The instance's /etc/os-release, as the agent reads it. */
  osRelease: string;
}

/** The variables of an os-release file (`KEY=value`, values optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    values[match[1]] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return values;
}

/** The environment a step's script gets from the agent: the service's, plus the agent's own variables. */
export function agentEnvironment(identity: AgentIdentity): Record<string, string> {
  const release = parseOsRelease(identity.osRelease);
  return {
    PATH: SERVICE_PATH,
    AWS_SSM_INSTANCE_ID: identity.instanceId,
    AWS_SSM_REGION_NAME: identity.region,
    ...(release.NAME === undefined ? {} : { AWS_SSM_PLATFORM_NAME: release.NAME }),
    ...(release.VERSION_ID === undefined ? {} : { AWS_SSM_PLATFORM_VERSION: release.VERSION_ID }),
  };
}
