/**
 * Dates in the catalog (`deprecateAt`): a calendar date or a UTC time, normalized to the one
 * form AWS APIs take, `YYYY-MM-DDTHH:MM:SSZ`.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|\+00:00))?$/;

/** `2027-06-30` -> `2027-06-30T00:00:00Z`; undefined for anything that is not a real UTC time. */
export function normalizeUtcTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    time.getUTCFullYear() !== year ||
    time.getUTCMonth() !== month - 1 ||
    time.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return `${time.toISOString().slice(0, 19)}Z`;
}

export const UTC_TIME_RULE = "a date or UTC time: 2027-06-30 or 2027-06-30T00:00:00Z";
