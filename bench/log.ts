/** Progress of a bench run, on standard error: standard output holds the results table. */
export function log(text: string): void {
  process.stderr.write(`${text}\n`);
}
