/** Image Builder schedules: cron expressions and time zones. */
import { expect } from "chai";
import { checkCron, checkTimezone } from "../../catalog/rules/cron";

describe("schedules", () => {
  describe("checkCron", () => {
    const valid = [
      "cron(0 4 ? * SUN *)",
      "cron(0/15 * ? * MON-FRI *)",
      "cron(*/30 8-18 ? * 2-6 *)",
      "cron(0 0 1 * ? *)",
      "cron(0 0 L * ? *)",
      "cron(0 0 LW * ? *)",
      "cron(0 0 15W * ? *)",
      "cron(0 2 ? * 6L *)",
      "cron(0 2 ? * 3#2 *)",
      "cron(0 2 ? * MON#1 *)",
      "cron(0 2 ? JAN,JUL MON *)",
      "cron(0 2 1,15 1-12/3 ? 2026-2030)",
      "cron(59 23 31 DEC ? 2199)",
      "cron(0 0 */2 * ? 2026/2)",
    ];
    for (const expr of valid) it(`accepts ${expr}`, () => expect(checkCron(expr)).to.equal(undefined));

    const invalid: Array<[string, string]> = [
      ["0 4 ? * SUN *", "write cron(minutes hours day-of-month month day-of-week year), for example cron(0 4 ? * SUN *)"],
      ["rate(1 day)", "write cron(minutes hours day-of-month month day-of-week year), for example cron(0 4 ? * SUN *)"],
      ["cron(0 4 ? *)", "it has 4 fields; use 6 (minutes hours day-of-month month day-of-week year)"],
      ["cron(0 4 ? * SUN * *)", "it has 7 fields; use 6 (minutes hours day-of-month month day-of-week year)"],
      // Image Builder's cron page: "six required fields", "with no leading or trailing spaces".
      ["cron(0 4 ? * SUN)", "it has 5 fields; use 6 (minutes hours day-of-month month day-of-week year)"],
      ["cron( 0 4 ? * SUN * )", 'no space after "cron(" or before ")"'],
      [" cron(0 4 ? * SUN *)\n", 'no space before "cron(" or after ")"'],
      ["cron(0  4 ? * SUN *)", "separate the fields with one space each"],
      ["cron(0\t4 ? * SUN *)", "separate the fields with one space each"],
      // Its table gives day-of-week the wildcards , - * ? L # and no /.
      ["cron(0 4 ? * */2 *)", 'day-of-week "*/2" cannot have a step (/); use a list or a range'],
      ["cron(0 4 ? * 1/2 *)", 'day-of-week "1/2" cannot have a step (/); use a list or a range'],
      ["cron(60 4 ? * SUN *)", 'minutes "60" is not in 0-59'],
      ["cron(0 24 ? * SUN *)", 'hours "24" is not in 0-23'],
      ["cron(0 4 32 * ? *)", 'day-of-month "32" is not in 1-31'],
      ["cron(0 4 0 * ? *)", 'day-of-month "0" is not in 1-31'],
      ["cron(0 4 ? 13 SUN *)", 'month "13" is not in 1-12 or JAN-DEC'],
      ["cron(0 4 ? * 8 *)", 'day-of-week "8" is not in 1-7 or SUN-SAT'],
      ["cron(0 4 ? * SUNDAY *)", 'day-of-week "SUNDAY" is not in 1-7 or SUN-SAT'],
      ["cron(0 4 ? * SUN 1969)", 'year "1969" is not in 1970-2199'],
      ["cron(0 4 * * SUN *)", "exactly one of day-of-month and day-of-week must be ?, for example cron(0 4 ? * SUN *)"],
      ["cron(0 4 ? * ? *)", "exactly one of day-of-month and day-of-week must be ?, for example cron(0 4 ? * SUN *)"],
      ["cron(? 4 ? * SUN *)", "minutes cannot be ?; only day-of-month and day-of-week can"],
      ["cron(0/0 4 ? * SUN *)", 'minutes step "0" must be a number from 1 to 59'],
      ["cron(0 18-8 ? * SUN *)", 'hours range "18-8" runs backwards'],
      ["cron(0 4 ? * 9#2 *)", 'day-of-week "9#2" is not in 1-7 or SUN-SAT'],
      ["cron(0 4 ? * 1-2-3 *)", 'day-of-week "1-2-3" is not a value, range or step'],
    ];
    for (const [expr, reason] of invalid) {
      it(`refuses ${expr}: ${reason}`, () => {
        expect(checkCron(expr)).to.equal(`${JSON.stringify(expr)} is not a valid schedule: ${reason}`);
      });
    }
  });

  describe("checkTimezone", () => {
    for (const tz of ["Etc/UTC", "UTC", "America/New_York", "Europe/Berlin", "Etc/GMT+5", "Etc/GMT-14"]) {
      it(`accepts ${tz}`, () => expect(checkTimezone(tz)).to.equal(undefined));
    }

    // Current IANA names that this Node build's list does not have yet, and the old names it has.
    for (const [current, old] of [
      ["Asia/Kolkata", "Asia/Calcutta"],
      ["Europe/Kyiv", "Europe/Kiev"],
      ["America/Nuuk", "America/Godthab"],
    ]) {
      it(`accepts the current name ${current} and the old name ${old}`, () => {
        expect(checkTimezone(current)).to.equal(undefined);
        expect(checkTimezone(old)).to.equal(undefined);
      });
    }

    it("refuses a current name in the wrong case, with IANA's spelling", () => {
      expect(checkTimezone("asia/kolkata")).to.equal('"asia/kolkata" is not a time zone; did you mean Asia/Kolkata?');
    });

    it("suggests the right case", () => {
      expect(checkTimezone("europe/berlin")).to.equal('"europe/berlin" is not a time zone; did you mean Europe/Berlin?');
    });

    it("refuses an IANA name Image Builder's timezone pattern refuses", () => {
      expect(checkTimezone("GMT-0")).to.equal(
        '"GMT-0" is not a time zone Image Builder takes; use an IANA name like Etc/UTC or America/New_York',
      );
    });

    it("refuses a name that is not a zone", () => {
      expect(checkTimezone("Mars/Olympus")).to.equal(
        '"Mars/Olympus" is not a time zone; use an IANA name like Etc/UTC or America/New_York',
      );
    });

    it("refuses an Etc offset that does not exist", () => {
      expect(checkTimezone("Etc/GMT+13")).to.equal(
        '"Etc/GMT+13" is not a time zone; use an IANA name like Etc/UTC or America/New_York',
      );
    });
  });
});
