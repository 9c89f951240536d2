/**
 * docs/operations.md's timelines and session table (and the README and architecture where they say the
 * first-build delay) quote durations that components/timeouts.ts holds: a changed delay, estimate or
 * timeout fails here until the docs say it too.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as durations from "../../components/timeouts";
import { DEFAULT_TEST_TIMEOUT_MINUTES } from "../../catalog/tables/defaults";
import { duration } from "../../plan/first-builds";
import { ROOT } from "../support/program";

const { buildMinutes, CHAINED_SESSION, FIRST_BUILD_DELAY_MINUTES, GITHUB_HOSTED_JOB_MAX_MINUTES, minutesOf, TIMEOUTS } =
  durations;

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("the durations docs/operations.md and the README quote", () => {
  const operations = read("docs/operations.md");

  it("gives the first deployment's timeline from the first-build delay and the build estimate", () => {
    expect(operations).to.include(`one-time schedule \`at(now + ${FIRST_BUILD_DELAY_MINUTES} min)\``);
    expect(operations).to.include(
      `| +${FIRST_BUILD_DELAY_MINUTES} min | EventBridge Scheduler calls StartImagePipelineExecution`,
    );
    // The default tests, distributed in the build region only.
    expect(operations).to.include(`| + about ${duration(buildMinutes(DEFAULT_TEST_TIMEOUT_MINUTES, 1))} at most |`);
    expect(read("README.md")).to.include(`about ${FIRST_BUILD_DELAY_MINUTES} minutes later, once`);
    expect(operations).to.include(`about ${FIRST_BUILD_DELAY_MINUTES} minutes after that \`up\``);
    expect(read("docs/architecture.md")).to.include(`(\`at()\` ${FIRST_BUILD_DELAY_MINUTES} minutes after the program's now`);
  });

  it("gives the copies' timeout, the longest chain of one update, the jobs' parts and the chained session in the sessions table", () => {
    const copy = minutesOf(TIMEOUTS.copy.create);
    expect(operations).to.include(`| the longest resource wait (an AMI copy) | ${copy} minutes | \`TIMEOUTS.copy\` |`);
    expect(operations).to.include(`pinned channels are copied, granted and published (copies up to ${copy} minutes)`);
    expect(operations).to.include(`at most ${copy} minutes each, \`TIMEOUTS.copy\``);
    expect(operations).to.include(`(${copy / 60} hours to create, \`TIMEOUTS.copy\`)`);
    expect(operations).to.include("| the longest chain in one `pulumi up`: new copies, then the old ones deleted |");
    for (const name of ["UP_CRITICAL_PATH_MINUTES", "JOB_SETUP_MINUTES", "READ_ONLY_MINUTES"] as const) {
      expect(operations).to.include(` | ${durations[name]} minutes | \`${name}\` |`);
    }
    expect(operations).to.include(`| ${GITHUB_HOSTED_JOB_MAX_MINUTES} minutes, the most GitHub lets a job run |`);
    expect(CHAINED_SESSION).to.equal("1h");
    expect(operations).to.include("| a consumer-account provider's session | 1 hour | `CHAINED_SESSION`");
  });

  it("gives the default tests' timeout and the longest build as the defaults and the estimate make them", () => {
    const flat = (file: string) => read(file).replace(/\s+/g, " ");
    const hours = Math.round(buildMinutes(DEFAULT_TEST_TIMEOUT_MINUTES, 1) / 60);
    expect(flat("docs/architecture.md")).to.include(
      `(up to about ${hours} with the default ${DEFAULT_TEST_TIMEOUT_MINUTES}-minute tests, \`buildMinutes\``,
    );
    expect(flat("docs/operations.md")).to.include(`With the defaults (${DEFAULT_TEST_TIMEOUT_MINUTES}-minute tests;`);
    expect(flat("README.md")).to.include(`with its tests takes up to about ${hours} hours`);
  });
});
