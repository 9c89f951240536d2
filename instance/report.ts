/** The harness's output: one line per check, notes for what is emulated, and the final count. */
import { tail } from "./exec";

export class Report {
  passed = 0;
  failed = 0;

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  note(line: string): void {
    this.write(`  ${line}`);
  }

  private readonly started = Date.now();

  /** A section, with the time since the start: where a slow run spends it. */
  heading(line: string): void {
    this.write(`\n[${Math.round((Date.now() - this.started) / 1000)} s] ${line}`);
  }

  check(ok: boolean, label: string, detail?: string): boolean {
    if (ok) this.passed++;
    else this.failed++;
    this.write(`${ok ? "ok  " : "FAIL"} ${label}`);
    if (!ok && detail) for (const line of tail(detail, 20).split("\n")) this.write(`       | ${line}`);
    return ok;
  }

  summary(): string {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}
