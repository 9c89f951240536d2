/**
 * For a mocha `before` hook of tests that need shellcheck: without it they are pending, with a
 * printed reason and the command that installs it; under CI (which installs it in .ci/run) a
 * missing shellcheck fails them instead, so they never pass silently.
 */
import { SHELLCHECK_INSTALL, systemShellcheck, type Shellcheck } from "../../checks/shellcheck";

export function needShellcheck(context: Mocha.Context): Shellcheck {
  const shellcheck = systemShellcheck();
  if (shellcheck) return shellcheck;
  if (process.env.CI) throw new Error(`shellcheck is not installed; CI must install it (${SHELLCHECK_INSTALL})`);
  console.log(`    shellcheck is not installed: these checks are pending; run \`${SHELLCHECK_INSTALL}\``);
  return context.skip();
}
