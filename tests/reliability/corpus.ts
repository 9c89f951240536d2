/**
 * The broken-catalog corpus: every file in tests/fixtures/broken/ with the exact lines
 * `npm run validate` must print for it (`LINE:COL PATH: MESSAGE`, the file name left out), and
 * the category of mistake it stands for. generated.ts adds the cases too big to commit.
 *
 * A case's lines are a promise to the catalog's author: change one only to say it better.
 */

/** The kinds of mistakes the corpus must cover (the reliability issue's list). */
export const CATEGORIES = {
  yaml: "YAML syntax errors",
  "duplicate-keys": "duplicate keys",
  tabs: "tabs",
  types: "wrong types everywhere",
  "account-ids": "account ids: unquoted, leading zero, 11 or 13 digits, malformed ARNs",
  "ids-and-arns": "malformed AMI ids, SSM names and ARNs",
  "regions-os-arch": "unknown regions, OSes and architectures",
  "windows-arm64": "Windows on arm64",
  "32-bit": "i386",
  "instance-store": "instance-store roots",
  names: "duplicate names, also differing in case; names AWS would reject for length or characters",
  schedules: "bad cron and time zones",
  limits: "more than 20 components, more than 1,000 sharing entities, other AWS limits",
  "public-sharing": "public sharing without opt-in",
  references: "unknown account and channel references",
  "not-a-catalog": "empty files, only a comment, a list where a map belongs",
  encoding: "non-UTF-8 bytes",
  "alias-bomb": "a YAML alias bomb",
  size: "a catalog of several megabytes",
  "many-problems": "many problems in one file, all reported",
  "control-characters": "NUL and other control characters in strings",
  "duplicate-account-ids": "one account id under two names",
  "duplicate-grants": "one pinned AMI under two images, which would hold two grants for one launch permission",
  "empty-lists": "empty lists and maps that would change meaning",
  nesting: "lists and maps nested thousands deep",
  expansion: "a small catalog that expands to more resources than a stack holds",
  "policy-at-validate": "base images the policy pack refuses at preview",
} as const;

export type Category = keyof typeof CATEGORIES;

export interface BrokenCatalog {
  /** File name in tests/fixtures/broken/. */
  file: string;
  category: Category;
  /** Every line `validate` prints, in order, without the file name. */
  expected: string[];
}

function at(file: string, category: Category, ...expected: string[]): BrokenCatalog {
  return { file, category, expected };
}

export const CORPUS: readonly BrokenCatalog[] = [
  // YAML syntax errors
  at("syntax-alias-without-anchor.yaml", "yaml", "7:15 alias *everyone has no anchor &everyone before it"),
  at(
    "syntax-bad-indent.yaml",
    "yaml",
    '4:4 "arch" starts in column 4 and "os" on line 3 in column 5: the keys of one map must start in the same column',
  ),
  at(
    "syntax-cloudformation-tag.yaml",
    "yaml",
    "5:15 unknown tag !ImportValue: a catalog is plain YAML without tags; remove it",
    '5:28 images[0].subnetId: "build-subnet" is not a subnet id: subnet- and 8 to 17 hex digits',
  ),
  at(
    "syntax-colon-in-value.yaml",
    "yaml",
    '3:18 a value that contains ": " must be quoted: description: "Web tier: nginx and node"',
  ),
  at("syntax-flow-map-unclosed.yaml", "yaml", "2:5 the map opened here with { is never closed; end it with }"),
  at("syntax-key-without-value.yaml", "yaml", '4:5 "arch" has no value: write arch: <value>'),
  at(
    "syntax-list-item-among-keys.yaml",
    "yaml",
    '9:5 images[1]: expected an image: a map with name, os, arch and base, got "eu-central-1"',
  ),
  at(
    "syntax-merge-key.yaml",
    "yaml",
    '5:5 images[0]["<<"]: YAML merge keys (<<) are not supported; write the fields out, or put what every image shares in defaults',
  ),
  at("syntax-no-space-after-colon.yaml", "yaml", '2:5 "name:web" needs a space after the colon: name: web'),
  at("syntax-second-document.yaml", "yaml", '5:1 the catalog is one YAML document; remove the "---" and what follows it'),
  at("syntax-stray-bracket.yaml", "yaml", "5:36 this ] closes nothing; remove it"),
  at("syntax-unclosed-list.yaml", "yaml", "5:14 the list opened here with [ is never closed; end it with ]"),
  at("syntax-unclosed-quote.yaml", "yaml", '3:18 the quoted value that starts here with " is never closed; end it with "'),
  at(
    "syntax-yaml-1-1.yaml",
    "yaml",
    '1:1 the catalog is YAML 1.2; remove "%YAML 1.1": YAML 1.1 reads yes and no as true and false, and 010 as 8',
  ),
  // duplicate keys
  at("duplicate-account-name.yaml", "duplicate-keys", '4:3 duplicate key "prod": a key may appear once in a map'),
  at("duplicate-key.yaml", "duplicate-keys", '5:5 duplicate key "os": a key may appear once in a map'),
  at("duplicate-top-level-key.yaml", "duplicate-keys", '5:1 duplicate key "images": a key may appear once in a map'),
  // tabs
  at("tab-indent-everywhere.yaml", "tabs", "2:1 tabs are not allowed as indentation; indent with spaces"),
  at("tab-indent.yaml", "tabs", "4:1 tabs are not allowed as indentation; indent with spaces"),
  // wrong types everywhere
  at(
    "field-misspelt.yaml",
    "types",
    '5:5 images[0].regoins: unknown field "regoins"; allowed: name, renamedFrom, description, os, arch, base, regions, accounts, public, components, instanceTypes, subnetId, securityGroupIds, rootVolume, schedule, testTimeoutMinutes, shareBuilds, copyTo, tags, lifecycle, releases; did you mean "regions"?',
  ),
  at(
    "release-field-misspelt.yaml",
    "types",
    '7:9 images[0].releases.stable.amiId: unknown field "amiId"; allowed: ami, regions, accounts, public, deprecateAt; did you mean "ami"?',
  ),
  at("type-accounts-list.yaml", "types", "2:3 accounts: expected a map of account names to account ids, got a list"),
  at("type-accounts-map.yaml", "types", "8:7 images[0].accounts: expected a list of account names, got a map"),
  at(
    "type-binary-tag.yaml",
    "types",
    "5:18 the tag !!binary is not supported: a catalog holds text, numbers, true or false, lists and maps",
  ),
  at("type-component-command-map.yaml", "types", "9:13 images[0].components[0].build[1]: expected a command, got a map"),
  at("type-defaults-list.yaml", "types", "2:3 defaults: expected a map of image fields, got a list"),
  at(
    "type-empty-value.yaml",
    "types",
    "3:5 images[0].os: an empty value is not a supported operating system; use amazon-linux-2023, amazon-linux-2, ubuntu-22.04, ubuntu-24.04, rhel-9, debian-12, windows-2022 or windows-2019",
  ),
  at("type-fraction.yaml", "types", "5:25 images[0].testTimeoutMinutes: expected a whole number, got 90.5"),
  at("type-image-null.yaml", "types", "5:4 images[1]: expected an image: a map with name, os, arch and base, got an empty value"),
  at("type-images-map.yaml", "types", "2:3 images: expected a list of images, got a map"),
  at("type-missing-required.yaml", "types", '2:5 images[0].os: missing required field "os"; set it on the image or in defaults'),
  at(
    "type-name-number.yaml",
    "types",
    `2:11 images[0].name: 2023 is not an image name: 3 to 100 letters, digits, '-' or '_', starting and ending with a letter or digit; to use it as text, quote it: "2023"`,
  ),
  at(
    "type-regions-string.yaml",
    "types",
    '5:14 images[0].regions: expected a list of region names, got "us-east-1, eu-west-1"; write a list: [us-east-1, eu-west-1]',
  ),
  at("type-releases-list.yaml", "types", "5:15 images[0].releases: expected a map of channel names to releases, got a list"),
  at(
    "type-schedule-string.yaml",
    "types",
    '5:15 images[0].schedule: expected a map with cron, timezone and onlyWhenChanged, got "weekly"',
  ),
  at(
    "type-size-with-unit.yaml",
    "types",
    '6:16 images[0].rootVolume.sizeGiB: expected a whole number, got "30GB"; write the number alone: 30',
  ),
  at("type-tag-number.yaml", "types", '2:16 tags.cost-center: expected a string, got 4711; quote it: "4711"'),
  at(
    "type-yes-for-boolean.yaml",
    "types",
    '5:18 images[0].shareBuilds: expected true or false, got "yes"; YAML 1.2 reads yes as text: write true',
  ),
  // account ids: unquoted, leading zero, 11 or 13 digits, malformed ARNs
  at("account-11-digits.yaml", "account-ids", '2:9 accounts.prod: "11112222333" has 11 digits; an account id has 12'),
  at("account-13-digits.yaml", "account-ids", '2:9 accounts.prod: "1111222233334" has 13 digits; an account id has 12'),
  at(
    "account-id-leading-zero-in-map.yaml",
    "account-ids",
    '3:9 accounts.staging.id: 012345678901 was read as the number 12345678901 and lost its leading zero; quote it: "012345678901"',
  ),
  at(
    "account-leading-zero.yaml",
    "account-ids",
    '2:12 accounts.staging: 012345678901 was read as the number 12345678901 and lost its leading zero; quote it: "012345678901"',
  ),
  at(
    "account-name-invalid.yaml",
    "account-ids",
    `2:3 accounts["Prod Web"]: "Prod Web" is not an account name: 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`,
  ),
  at(
    "account-org-arn-malformed.yaml",
    "account-ids",
    '2:13 accounts.everyone: "arn:aws:organizations::111122223333:organization/o-abc" is not a 12-digit account id, an organization ARN (arn:aws:organizations::<id>:organization/o-...) or an OU ARN (.../ou/o-.../ou-...)',
  ),
  at(
    "account-ou-arn-malformed.yaml",
    "account-ids",
    '2:16 accounts.engineering: "arn:aws:organizations::111122223333:ou/ou-ab12-cdef3456" is not a 12-digit account id, an organization ARN (arn:aws:organizations::<id>:organization/o-...) or an OU ARN (.../ou/o-.../ou-...)',
  ),
  at(
    "account-role-arn-malformed.yaml",
    "account-ids",
    '4:11 accounts.prod.role: "arn:aws:iam::111122223333:ami-factory-publisher" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)',
  ),
  at(
    "account-role-on-ou.yaml",
    "account-ids",
    "4:11 accounts.engineering.role: only a 12-digit account has a role; an organization or OU does not",
  ),
  at(
    "account-role-other-account.yaml",
    "account-ids",
    `4:11 accounts.prod.role: the role is in account 444455556666, not in 111122223333 (the account's id)`,
  ),
  at("account-unquoted.yaml", "account-ids", '2:9 accounts.prod: account ids must be quoted strings: "111122223333"'),
  // malformed AMI ids, SSM names and ARNs
  at(
    "base-ami-id-short.yaml",
    "ids-and-arns",
    '5:11 images[0].base: "ami-12345" is not an AMI id: ami- and 8 or 17 lowercase hex digits, like ami-0abcdef1234567890',
  ),
  at(
    "base-ami-id-uppercase.yaml",
    "ids-and-arns",
    '5:11 images[0].base: "ami-0ABCDEF1234567890" is not an AMI id: ami- and 8 or 17 lowercase hex digits, like ami-0abcdef1234567890',
  ),
  at(
    "base-image-arn-bad-version.yaml",
    "ids-and-arns",
    '5:11 images[0].base: "arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/2023.x" is not an Image Builder image ARN: arn:aws:imagebuilder:<region>:<owner>:image/<name>/<version>, each part of the version a number or x (1.0.x)',
  ),
  at(
    "base-ssm-bad-characters.yaml",
    "ids-and-arns",
    `5:11 images[0].base: "ssm:/golden images/al2023" is not an SSM parameter name: up to 1,011 letters, digits, '_', '.', '-' and '/' after ssm:`,
  ),
  at(
    "base-ssm-without-prefix.yaml",
    "ids-and-arns",
    '5:11 images[0].base: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" looks like an SSM parameter name; write it with the ssm: prefix: "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"',
  ),
  at(
    "component-arn-malformed.yaml",
    "ids-and-arns",
    '6:14 images[0].components[0].arn: "arn:aws:imagebuilder:us-east-1:aws:component/amazon-cloudwatch-agent-linux" is not an Image Builder component ARN (arn:aws:imagebuilder:<region>:<owner>:component/<name>/<x.x.x>)',
  ),
  at(
    "release-ami-malformed.yaml",
    "ids-and-arns",
    '7:14 images[0].releases.stable.ami: "ami-0abcdef123456789z" is not an AMI id: ami- and 8 or 17 lowercase hex digits, like ami-0abcdef1234567890',
  ),
  at(
    "subnet-id-malformed.yaml",
    "ids-and-arns",
    '5:15 images[0].subnetId: "subnet-XYZ" is not a subnet id: subnet- and 8 to 17 hex digits',
  ),
  // unknown regions, OSes and architectures
  at("arch-amd64.yaml", "regions-os-arch", '4:11 images[0].arch: "amd64" is not a 64-bit architecture; use x86_64 or arm64'),
  at(
    "instance-type-wrong-arch.yaml",
    "regions-os-arch",
    '5:21 images[0].instanceTypes[0]: "m7i.large" is an x86_64 instance type; this image is arm64',
  ),
  at(
    "os-unknown.yaml",
    "regions-os-arch",
    '3:9 images[0].os: "centos-7" is not a supported operating system; use amazon-linux-2023, amazon-linux-2, ubuntu-22.04, ubuntu-24.04, rhel-9, debian-12, windows-2022 or windows-2019',
  ),
  at(
    "os-wrong-case.yaml",
    "regions-os-arch",
    '3:9 images[0].os: "Ubuntu-24.04" is not a supported operating system; use amazon-linux-2023, amazon-linux-2, ubuntu-22.04, ubuntu-24.04, rhel-9, debian-12, windows-2022 or windows-2019; did you mean "ubuntu-24.04"?',
  ),
  at(
    "region-availability-zone.yaml",
    "regions-os-arch",
    '5:15 images[0].regions[0]: "us-east-1a" is an availability zone; use its region, us-east-1',
  ),
  at(
    "region-build-unknown.yaml",
    "regions-os-arch",
    '1:14 buildRegion: "us-east-3" is not a known AWS region; did you mean "us-east-1"?',
  ),
  at(
    "region-unknown.yaml",
    "regions-os-arch",
    '5:26 images[0].regions[1]: "eu-west-9" is not a known AWS region; did you mean "eu-west-1"?',
  ),
  // Windows on arm64
  at(
    "arch-windows-arm64-from-defaults.yaml",
    "windows-arm64",
    '2:9 defaults.arch: windows-2022 has no arm64 build; use x86_64 (for image "win", which takes it from defaults)',
  ),
  at("arch-windows-arm64.yaml", "windows-arm64", "4:11 images[0].arch: windows-2022 has no arm64 build; use x86_64"),
  // i386
  at(
    "arch-i386.yaml",
    "32-bit",
    '4:11 images[0].arch: "i386" is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64',
  ),
  // instance-store roots
  at(
    "root-instance-store.yaml",
    "instance-store",
    '6:13 images[0].rootVolume.type: "instance-store" roots are refused: the factory builds EBS-backed AMIs only; use gp3, gp2, io1 or io2',
  ),
  // duplicate names, also differing in case; names AWS would reject for length or characters
  at(
    "ami-name-too-long.yaml",
    "names",
    `2:11 images[0].name: its builds' AMI name "ami-factory_wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww-{{ imagebuilder:buildDate }}" is 131 characters; Image Builder allows 127: shorten the image's or the factory's name`,
    '6:7 images[0].releases.ssssssssssssssssssssssssssssss: this channel\'s copies would be named "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww-ssssssssssssssssssssssssssssss-<AMI id>-<8 hex digits>", 152 characters; AWS allows 128: shorten the image name or the channel',
  ),
  at(
    "ami-name-too-long-without-releases.yaml",
    "names",
    `2:11 images[0].name: its builds' AMI name "ami-factory_${"w".repeat(100)}-{{ imagebuilder:buildDate }}" is 141 characters; Image Builder allows 127: shorten the image's or the factory's name`,
    `2:11 images[0].name: this image's copies (channel latest) would be named "${"w".repeat(100)}-latest-<AMI id>-<8 hex digits>", 138 characters; AWS allows 128: shorten the image name`,
  ),
  at(
    "ami-name-too-long-after-rename.yaml",
    "names",
    "7:7 images[0].releases.sssssssssssssssssssssssss: this channel's copies would be named \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww-sssssssssssssssssssssssss-<AMI id>-<8 hex digits>\", 137 characters; AWS allows 128: shorten the channel (AWS names keep the image's first name, wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww)",
  ),
  at(
    "channel-name-invalid.yaml",
    "names",
    `6:7 images[0].releases.Stable: "Stable" is not a channel name: 1 to 30 lowercase letters, digits or '-', starting with a letter`,
  ),
  at(
    "name-dot-and-slash.yaml",
    "names",
    `2:11 images[0].name: "web/v1.2" has "/"; an image name has only letters, digits, '-' and '_'`,
  ),
  at(
    "name-duplicate-case.yaml",
    "names",
    '5:11 images[1].name: "Web" duplicates images[0].name "web" (names are compared without case)',
  ),
  at("name-duplicate.yaml", "names", '5:11 images[1].name: "web" duplicates images[0].name'),
  at(
    "name-space.yaml",
    "names",
    `2:11 images[0].name: "web server" has a space; an image name has only letters, digits, '-' and '_'`,
  ),
  at("name-too-long.yaml", "names", "2:11 images[0].name: the name is 101 characters long; an image name has at most 100"),
  at("name-too-short.yaml", "names", '2:11 images[0].name: "w" is too short; an image name has 3 to 100 characters'),
  at(
    "name-trailing-dash.yaml",
    "names",
    '2:11 images[0].name: "web-" ends with "-"; an image name starts and ends with a letter or digit',
  ),
  at(
    "renamed-from-own-name.yaml",
    "names",
    `3:19 images[0].renamedFrom[0]: "web" is this image's own name; renamedFrom lists only earlier names`,
  ),
  at(
    "tag-key-reserved.yaml",
    "names",
    '2:3 tags["aws:owner"]: "aws:owner" is not a tag key: 1 to 127 ASCII letters, digits or _ . : / = + -, not starting with aws: in any case',
  ),
  // bad cron and time zones
  at(
    "cron-both-days.yaml",
    "schedules",
    '6:13 images[0].schedule.cron: "cron(0 4 * * SUN *)" is not a valid schedule: exactly one of day-of-month and day-of-week must be ?, for example cron(0 4 ? * SUN *)',
  ),
  at(
    "cron-hour-out-of-range.yaml",
    "schedules",
    '3:11 defaults.schedule.cron: "cron(0 24 ? * SUN *)" is not a valid schedule: hours "24" is not in 0-23',
  ),
  at(
    "cron-not-wrapped.yaml",
    "schedules",
    '6:13 images[0].schedule.cron: "0 4 * * SUN" is not a valid schedule: write cron(minutes hours day-of-month month day-of-week year), for example cron(0 4 ? * SUN *)',
  ),
  at(
    "cron-seven-fields.yaml",
    "schedules",
    '6:13 images[0].schedule.cron: "cron(0 0 4 ? * SUN *)" is not a valid schedule: it has 7 fields; use 6 (minutes hours day-of-month month day-of-week year)',
  ),
  at(
    "timezone-abbreviation.yaml",
    "schedules",
    '6:17 images[0].schedule.timezone: "CET+1" is not a time zone; use an IANA name like Etc/UTC or America/New_York',
  ),
  at(
    "timezone-unknown.yaml",
    "schedules",
    '6:17 images[0].schedule.timezone: "Mars/Olympus_Mons" is not a time zone; use an IANA name like Etc/UTC or America/New_York',
  ),
  at(
    "timezone-wrong-case.yaml",
    "schedules",
    '7:17 images[0].schedule.timezone: "america/new_york" is not a time zone; did you mean America/New_York?',
  ),
  // more than 20 components, more than 1,000 sharing entities, other AWS limits
  at(
    "components-too-many-from-defaults.yaml",
    "limits",
    '3:5 defaults.components: 17 components; amazon-linux-2023 images take at most 16: a recipe holds 20 and the factory adds 4 of its own to Linux images (for image "web", which takes it from defaults)',
  ),
  at(
    "components-too-many.yaml",
    "limits",
    "6:7 images[0].components: 17 components; amazon-linux-2023 images take at most 16: a recipe holds 20 and the factory adds 4 of its own to Linux images",
  ),
  at(
    "deprecate-at-not-a-date.yaml",
    "limits",
    '8:22 images[0].releases.stable.deprecateAt: "2027-02-30" is not a date or UTC time: 2027-06-30 or 2027-06-30T00:00:00Z',
  ),
  at(
    "lifecycle-delete-before-deprecate.yaml",
    "limits",
    "7:24 images[0].lifecycle.deleteAfterDays: deleteAfterDays 90 must be greater than deprecateAfterDays 180: an AMI is deprecated before it is deleted",
  ),
  at(
    "tags-too-many.yaml",
    "limits",
    "37:7 images[0].tags: 51 tags after merging the top-level, default and image tags; the factory adds 4 of its own, and Image Builder's build instances take at most 30: at most 26 here",
  ),
  at(
    "component-document-too-large.yaml",
    "limits",
    '6:9 images[0].components[0]: component "setup" renders to a document of 16,229 characters; Image Builder takes at most 16,000 inline: move long commands into a script the component downloads, or split it',
  ),
  at(
    "tags-too-many-for-build-instances.yaml",
    "limits",
    "2:3 tags: 27 tags after merging the top-level, default and image tags; the factory adds 4 of its own, and Image Builder's build instances take at most 30: at most 26 here",
  ),
  at(
    "lifecycle-deprecate-over-api-cap.yaml",
    "limits",
    "6:27 images[0].lifecycle.deprecateAfterDays: deprecateAfterDays 400 is over 365: builds launched within that many days are kept from deletion, and Image Builder's lifecycle policies look back at most 365 days",
  ),
  at(
    "lifecycle-delete-over-api-cap.yaml",
    "limits",
    "6:24 images[0].lifecycle.deleteAfterDays: deleteAfterDays 1200 is over 1000, the most days an Image Builder lifecycle rule takes",
  ),
  at(
    "root-volume-over-recipe-cap.yaml",
    "limits",
    "6:16 images[0].rootVolume.sizeGiB: sizeGiB 16,384 is over 16,000 GiB, the most an Image Builder recipe's volume takes",
    "8:13 images[0].rootVolume.iops: iops 256,000 is over 64,000 IOPS, the most an Image Builder recipe's volume takes",
  ),
  at(
    "test-timeout-out-of-range.yaml",
    "limits",
    "5:25 images[0].testTimeoutMinutes: 2000 is out of range; use a whole number from 60 to 1440",
  ),
  at(
    "windows-root-too-small.yaml",
    "limits",
    "6:16 images[0].rootVolume.sizeGiB: Windows needs a root volume of at least 30 GiB; got 20",
  ),
  // public sharing without opt-in
  at(
    "public-without-opt-in-from-defaults.yaml",
    "public-sharing",
    '5:15 defaults.releases.community.public: public sharing needs `public: true` on the image; image "web" takes this release from defaults and does not set it',
  ),
  at(
    "public-without-opt-in.yaml",
    "public-sharing",
    "8:17 images[0].releases.community.public: public sharing needs `public: true` on the image",
  ),
  // unknown account and channel references
  at(
    "reference-channel-as-ami.yaml",
    "references",
    '9:14 images[0].releases.stable.ami: "candidate" is a channel; a release serves latest or an AMI id: to promote candidate, write the AMI id it serves (stack output amis.<image>.candidate)',
  ),
  at(
    "reference-copy-to-without-role.yaml",
    "references",
    '7:14 images[0].copyTo[0]: "prod" has no role; copyTo needs a role the factory can assume: add `role` to accounts.prod',
  ),
  at(
    "reference-latest-capitalized.yaml",
    "references",
    '7:14 images[0].releases.stable.ami: "Latest" is not latest: write latest in lowercase',
  ),
  at(
    "reference-release-account-not-in-image.yaml",
    "references",
    `12:20 images[0].releases.stable.accounts[0]: "prod" is not one of the image's accounts (staging); add it to the image's accounts or remove it here`,
  ),
  at(
    "reference-release-region-not-in-image.yaml",
    "references",
    `9:19 images[0].releases.stable.regions[0]: "ap-southeast-2" is not one of the image's regions (eu-west-1, us-east-1); add it to the image's regions or remove it here`,
  ),
  at(
    "reference-unknown-account-in-release.yaml",
    "references",
    '11:20 images[0].releases.stable.accounts[0]: unknown account "production"; known: prod',
  ),
  at(
    "reference-unknown-account.yaml",
    "references",
    '8:22 images[0].accounts[1]: unknown account "stagging"; known: prod, staging',
  ),
  // empty files, only a comment, a list where a map belongs
  at("file-empty.yaml", "not-a-catalog", '1:1 the catalog is empty; it needs at least an "images" list'),
  at("file-images-empty.yaml", "not-a-catalog", "1:9 images: the catalog has no images; add at least one"),
  at("file-no-images.yaml", "not-a-catalog", '1:1 images: missing required field "images"'),
  at("file-only-comment.yaml", "not-a-catalog", '1:1 the catalog is empty; it needs at least an "images" list'),
  at(
    "file-top-level-list.yaml",
    "not-a-catalog",
    '1:1 the catalog must be a map with an "images" list (and optionally factory, buildRegion, tags, accounts, defaults); it is a list',
  ),
  at(
    "file-top-level-text.yaml",
    "not-a-catalog",
    '1:1 the catalog must be a map with an "images" list (and optionally factory, buildRegion, tags, accounts, defaults); it is a single value',
  ),
  // non-UTF-8 bytes
  at(
    "file-latin1.yaml",
    "encoding",
    '3:21 the file is not UTF-8: byte 0xe9 ("é" in Latin-1) is not part of a UTF-8 character; save the file as UTF-8',
  ),
  at("file-utf16.yaml", "encoding", "1:1 the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8"),
  at(
    "aws-name-too-long-with-factory.yaml",
    "names",
    `3:11 images[0].name: its builds' AMI name "platform-images-production-eu_hardened-amazon-linux-2023-base-image-for-the-web-tier-and-the-batch-workers-v2-{{ imagebuilder:buildDate }}" is 138 characters; Image Builder allows 127: shorten the image's or the factory's name`,
    `7:15 images[0].components[0].name: the component's Image Builder name "platform-images-production-eu_hardened-amazon-linux-2023-base-image-for-the-web-tier-and-the-batch-workers-v2_install-the-observability-agents-and-their-configuration-files" is 172 characters; AWS allows 126: shorten the component's, the image's or the factory's name`,
  ),
  // NUL and other control characters in strings
  at(
    "control-character-nul.yaml",
    "control-characters",
    '3:18 images[0].description: "Web tier\\u0000 base" holds the control character NUL (U+0000) at character 9; remove it (only tabs and line breaks may stand in text)',
  ),
  at(
    "control-character-in-command.yaml",
    "control-characters",
    '7:17 images[0].components[0].build[0]: "echo ready\\r" holds the control character carriage return (U+000D) at character 11; remove it (only tabs and line breaks may stand in text)',
  ),
  // one account id under two names
  at(
    "duplicate-account-id.yaml",
    "duplicate-account-ids",
    '5:9 accounts.production.id: "111122223333" is also the id of accounts.prod; one account needs one name: use prod or production everywhere and remove the other',
  ),
  // one pinned AMI under two images, which would hold two grants for one launch permission
  at(
    "release-ami-pinned-by-two-images.yaml",
    "duplicate-grants",
    `18:14 images[1].releases.stable.ami: "ami-0abcdef1234567890" is also pinned by image "web" on channel "stable"; AWS keeps one launch permission per AMI and account, so the grants of two images on it would revoke each other's: release the AMI from one image, with the accounts of both`,
  ),
  // empty lists and maps that would change meaning
  at(
    "empty-release-regions.yaml",
    "empty-lists",
    "9:18 images[0].releases.stable.regions: [] would mean the build region alone, not the image's regions; write [us-east-1] to say so, or leave regions out for all of the image's regions",
  ),
  at(
    "empty-regions-and-instance-types.yaml",
    "empty-lists",
    "2:12 defaults.regions: [] would mean the build region alone; write [us-east-1] to say so, or list the regions",
    "7:20 images[0].instanceTypes: [] would leave the build instance type to Image Builder instead of the factory's default for the architecture; list at least one instance type, or leave instanceTypes out for the default",
  ),
  at(
    "empty-releases.yaml",
    "empty-lists",
    "5:15 images[0].releases: {} would mean the one channel latest; leave releases out to say so, or name a channel",
  ),
  // base images the policy pack refuses at preview
  at(
    "base-32-bit-name.yaml",
    "policy-at-validate",
    `5:11 images[0].base: "ssm:/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-i386-gp2" names a 32-bit image; 32-bit bases are refused (policy base-image-64-bit): start from a 64-bit HVM, EBS-backed base (x86_64 or arm64), or leave base out for the OS's current public image`,
  ),
  // many problems in one file, all reported
  at(
    "many-problems.yaml",
    "many-problems",
    `1:10 factory: "Example" is not a factory name: 2 to 31 lowercase letters, digits or '-', starting with a letter`,
    '3:9 accounts.prod: account ids must be quoted strings: "111122223333"',
    '4:12 accounts.staging: "44445555666" has 11 digits; an account id has 12',
    '6:24 defaults.regions[1]: "eu-west-1a" is an availability zone; use its region, eu-west-1',
    `8:11 images[0].name: "web server" has a space; an image name has only letters, digits, '-' and '_'`,
    "10:11 images[0].arch: windows-2022 has no arm64 build; use x86_64",
    '11:31 images[0].accounts[2]: unknown account "dev"; known: prod, staging',
    '13:13 images[0].schedule.cron: "cron(0 4 * * MON *)" is not a valid schedule: exactly one of day-of-month and day-of-week must be ?, for example cron(0 4 ? * SUN *)',
    '14:17 images[0].schedule.timezone: "Europe/Berln" is not a time zone; did you mean Europe/Berlin?',
    '17:11 images[1].arch: "i686" is a 32-bit architecture; 32-bit images are refused: use x86_64 or arm64',
    '19:13 images[1].rootVolume.type: "instance-store" roots are refused: the factory builds EBS-backed AMIs only; use gp3, gp2, io1 or io2',
  ),
];
