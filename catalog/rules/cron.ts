/**
 * Image Builder schedules: `cron(minutes hours day-of-month month day-of-week year)`, and an IANA
 * time zone. Image Builder's cron page (https://docs.aws.amazon.com/imagebuilder/latest/userguide/cron-expressions.html)
 * makes all six fields required, "separated from the others by a space in between, with no
 * leading or trailing spaces", and lists the wildcards of each field; the five-field form the API
 * once took is refused now (the provider's ImagePipeline docs: "must be updated to the six field
 * syntax"). The expression is sent as written, so it is checked as written.
 */
import { SCHEDULE_TIMEZONE } from "../../contract/aws-limits";
import { closest } from "../read/wording";

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names allowed for values (JAN..DEC, SUN..SAT), mapped to their numbers. */
  names?: readonly string[];
  /** `?` allowed (day-of-month and day-of-week). */
  question?: boolean;
  /** Special tokens the field accepts alone: `L`, `W`, `#` forms. */
  special?: RegExp;
  /** `/` (steps) refused: the cron page's wildcards for the field do not list it. */
  noStep?: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const FIELDS: readonly Field[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  // L (last day), LW (last weekday), 15W (weekday nearest the 15th).
  { name: "day-of-month", min: 1, max: 31, question: true, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS },
  // L (last day of the week), 6L (last Friday), 3#2 (second Tuesday).
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: DAYS,
    question: true,
    special: /^(L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/,
    noStep: true,
  },
  { name: "year", min: 1970, max: 2199 },
];

const EXAMPLE = "cron(0 4 ? * SUN *)";

/** Undefined when `expr` is a valid Image Builder cron expression, else what is wrong with it. */
export function checkCron(expr: string): string | undefined {
  const wrong = (reason: string) => `${JSON.stringify(expr)} is not a valid schedule: ${reason}`;
  const match = /^cron\((.*)\)$/.exec(expr.trim());
  if (match && expr !== expr.trim()) return wrong('no space before "cron(" or after ")"');
  if (!match) return wrong(`write cron(minutes hours day-of-month month day-of-week year), for example ${EXAMPLE}`);
  const inner = match[1];
  const parts = inner
    .trim()
    .split(/\s+/)
    .filter((part) => part !== "");
  if (parts.length !== FIELDS.length) {
    return wrong(`it has ${parts.length} fields; use 6 (minutes hours day-of-month month day-of-week year)`);
  }
  if (inner !== inner.trim()) return wrong('no space after "cron(" or before ")"');
  if (inner !== parts.join(" ")) return wrong("separate the fields with one space each");
  for (let i = 0; i < parts.length; i += 1) {
    const reason = checkField(parts[i], FIELDS[i]);
    if (reason) return wrong(reason);
  }
  const [dayOfMonth, dayOfWeek] = [parts[2], parts[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return wrong(`exactly one of day-of-month and day-of-week must be ?, for example ${EXAMPLE}`);
  }
  return undefined;
}

function checkField(text: string, field: Field): string | undefined {
  if (text === "*") return undefined;
  if (text === "?") return field.question ? undefined : `${field.name} cannot be ?; only day-of-month and day-of-week can`;
  if (field.special && field.special.test(text.toUpperCase())) return undefined;
  for (const item of text.split(",")) {
    const reason = checkItem(item, field);
    if (reason) return reason;
  }
  return undefined;
}

/** One list item: `5`, `MON`, `1-5`, `*\/15`, `10-50/5`. */
function checkItem(item: string, field: Field): string | undefined {
  const [range, step, extra] = item.split("/");
  if (extra !== undefined || range === undefined || range === "")
    return `${field.name} ${JSON.stringify(item)} is not a value, range or step`;
  if (step !== undefined && field.noStep)
    return `${field.name} ${JSON.stringify(item)} cannot have a step (/); use a list or a range`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > field.max) {
      return `${field.name} step ${JSON.stringify(step)} must be a number from 1 to ${field.max}`;
    }
    if (range === "*") return undefined;
  }
  const bounds = range.split("-");
  if (bounds.length > 2) return `${field.name} ${JSON.stringify(item)} is not a value, range or step`;
  const numbers: number[] = [];
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (value === undefined) return outOfRange(bound, field);
    numbers.push(value);
  }
  if (numbers.length === 2 && numbers[0] > numbers[1]) return `${field.name} range ${JSON.stringify(range)} runs backwards`;
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

function outOfRange(text: string, field: Field): string {
  const named = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : "";
  return `${field.name} ${JSON.stringify(text)} is not in ${field.min}-${field.max}${named}`;
}

let zones: Map<string, string> | undefined;

/**
 * IANA names this runtime lists, plus `UTC` and the `Etc/` zones, by lowercase name. Only for
 * suggestions: a runtime's list lags behind IANA (Node 20 lists Asia/Calcutta and Europe/Kiev,
 * not their current names Asia/Kolkata and Europe/Kyiv), so it never decides what is accepted.
 */
function knownZones(): Map<string, string> {
  if (!zones) {
    const names = [
      ...Intl.supportedValuesOf("timeZone"),
      "UTC",
      "Etc/UTC",
      "Etc/GMT",
      "Etc/UCT",
      "Etc/Universal",
      "Etc/Zulu",
      "Etc/Greenwich",
    ];
    for (let offset = 0; offset <= 14; offset += 1) {
      names.push(`Etc/GMT-${offset}`);
      if (offset <= 12) names.push(`Etc/GMT+${offset}`);
    }
    zones = new Map(names.map((name) => [name.toLowerCase(), name]));
  }
  return zones;
}

/** Whether the runtime's time zone database (ICU) knows `tz`, under any of its names. */
function runtimeKnows(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `asia/kolkata` as IANA writes it: each word capitalized. */
function ianaCase(tz: string): string {
  return tz.replace(/(^|[/_-])([a-z])/g, (_match, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * Undefined when `tz` is a time zone Image Builder accepts, else what is wrong with it. What the
 * runtime's `Intl.DateTimeFormat` accepts is accepted, current and old IANA names alike; ICU
 * ignores case and IANA names do not, so a name spelt in another case than IANA's is refused
 * with the right spelling.
 */
export function checkTimezone(tz: string): string | undefined {
  const listed = knownZones().get(tz.toLowerCase());
  // IANA names such as GMT-0 that Image Builder's own pattern refuses.
  if ((listed === tz || runtimeKnows(tz)) && !SCHEDULE_TIMEZONE.test(tz)) {
    return `${JSON.stringify(tz)} is not a time zone Image Builder takes; use an IANA name like Etc/UTC or America/New_York`;
  }
  if (listed === tz) return undefined;
  if (listed === undefined && runtimeKnows(tz)) {
    if (/^[A-Z0-9+-]/.test(tz) && !/\/[a-z]/.test(tz)) return undefined;
    return `${JSON.stringify(tz)} is not a time zone; did you mean ${ianaCase(tz)}?`;
  }
  // A misspelt city is worth a guess (Europe/Berln); an offset that does not exist is not (Etc/GMT+13).
  const cities = () => [...knownZones().values()].filter((name) => !name.startsWith("Etc/"));
  const known = listed ?? (tz.includes("/") && !tz.startsWith("Etc/") ? closest(tz, cities()) : undefined);
  const hint = known ? `did you mean ${known}?` : "use an IANA name like Etc/UTC or America/New_York";
  return `${JSON.stringify(tz)} is not a time zone; ${hint}`;
}
