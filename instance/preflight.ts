/** What the harness needs from the machine; each missing piece is named, never skipped. */
import { exec } from "./exec";

const TOOLS = ["mmdebstrap", "unshare", "chroot", "ip", "mount", "tar", "cp"];

export async function missingPrerequisites(): Promise<string[]> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push("it must run as root (chroot, mount and network namespaces)");
  for (const tool of TOOLS) {
    const found = await exec(["sh", "-c", `command -v ${tool}`]).catch(() => ({ code: 1 }));
    if (found.code !== 0)
      problems.push(`${tool} is not installed (Debian: apt-get install -y --no-install-recommends mmdebstrap iproute2)`);
  }
  if (problems.length === 0) {
    const unshare = await exec(["unshare", "--net", "--mount", "true"]);
    if (unshare.code !== 0) problems.push(`unshare cannot create network and mount namespaces here: ${unshare.output.trim()}`);
  }
  return problems;
}
