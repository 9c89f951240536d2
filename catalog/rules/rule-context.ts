/**
 * What the cross-field rules see: the catalog as parsed, which may be partly invalid, read
 * through helpers that never throw and that say where each effective value came from (the
 * image itself or `defaults`), so a problem is reported where the value is written.
 */
import type { Finding, Path, Target } from "../read/locate";
import { ARCHITECTURES, OS_NAMES, type Arch, type OsName } from "../tables/os-table";
import { DEFAULT_BUILD_REGION, isRegion, type Region } from "../tables/regions";
import { NEWEST_BUILD } from "../tables/defaults";

export type RawMap = Record<string, unknown>;

/** One cross-field check: reads the context, reports what it finds. */
export type Rule = (ctx: RuleContext) => void;

/** An effective value and where it is written. */
export interface Origin<T = unknown> {
  value: T;
  path: Path;
  /** The image does not set it; `defaults` does. */
  fromDefaults: boolean;
}

export interface ImageView {
  index: number;
  path: Path;
  raw: RawMap;
  /** The image's name, or `images[3]` when it has none. */
  label: string;
}

/** Image fields whose sub-fields are defaulted one by one (an image's `schedule.cron` keeps the default `timezone`). */
export const MERGED_FIELDS = ["schedule", "rootVolume", "lifecycle"] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];

export class RuleContext {
  readonly raw: RawMap;
  readonly defaults: RawMap;
  /** The top-level `accounts` map. */
  readonly accounts: RawMap;
  /** `defaults` is there but not a map: the schema says so, and rules do not guess what it held. */
  readonly defaultsBroken: boolean;
  /** The same for the top-level `accounts`. */
  readonly accountsBroken: boolean;
  readonly buildRegion: Region;
  readonly images: ImageView[];
  readonly findings: Finding[] = [];

  constructor(raw: unknown) {
    this.raw = asMap(raw) ?? {};
    this.defaults = asMap(this.raw.defaults) ?? {};
    this.accounts = asMap(this.raw.accounts) ?? {};
    this.defaultsBroken = this.raw.defaults !== undefined && this.raw.defaults !== null && asMap(this.raw.defaults) === undefined;
    this.accountsBroken = this.raw.accounts !== undefined && this.raw.accounts !== null && asMap(this.raw.accounts) === undefined;
    const buildRegion = this.raw.buildRegion;
    this.buildRegion = typeof buildRegion === "string" && isRegion(buildRegion) ? buildRegion : DEFAULT_BUILD_REGION;
    const images = Array.isArray(this.raw.images) ? this.raw.images : [];
    this.images = [];
    images.forEach((image, index) => {
      const map = asMap(image);
      if (!map) return;
      const label = typeof map.name === "string" ? map.name : `images[${index}]`;
      this.images.push({ index, path: ["images", index], raw: map, label });
    });
  }

  report(path: Path, message: string, target?: Target): void {
    this.findings.push(target ? { path, message, target } : { path, message });
  }

  /** A default quota the catalog would pass: AWS raises it on request, so the catalog stays valid. */
  warn(path: Path, message: string): void {
    this.findings.push({ path, message, warning: true });
  }

  /**
   * Report about an image's effective value at the place it is written. When that place is in
   * `defaults` but the problem comes from something the image sets itself (`related`), name the
   * image; when everything involved is a default, the problem is the defaults' and said once.
   */
  reportFor(
    image: ImageView,
    origin: Origin,
    message: string,
    related: ReadonlyArray<Origin | undefined> = [],
    target?: Target,
  ): void {
    const imageSpecific = origin.fromDefaults && related.some((other) => other !== undefined && !other.fromDefaults);
    this.report(
      origin.path,
      imageSpecific ? `${message} (for image "${image.label}", which takes it from defaults)` : message,
      target,
    );
  }

  /** The image's own value of a field, else the default's. */
  field(image: ImageView, key: string): Origin | undefined {
    if (image.raw[key] !== undefined) return { value: image.raw[key], path: [...image.path, key], fromDefaults: false };
    if (this.defaults[key] !== undefined) return { value: this.defaults[key], path: ["defaults", key], fromDefaults: true };
    return undefined;
  }

  /** One sub-field of `schedule`, `rootVolume` or `lifecycle`: the image's, else the default's. */
  subField(image: ImageView, key: MergedField, sub: string): Origin | undefined {
    const own = asMap(image.raw[key])?.[sub];
    if (own !== undefined) return { value: own, path: [...image.path, key, sub], fromDefaults: false };
    const fallback = asMap(this.defaults[key])?.[sub];
    if (fallback !== undefined) return { value: fallback, path: ["defaults", key, sub], fromDefaults: true };
    return undefined;
  }

  /** Every place a field is written: in `defaults` and on each image. For checks of one value alone. */
  written(key: string): Origin[] {
    const out: Origin[] = [];
    if (this.defaults[key] !== undefined) out.push({ value: this.defaults[key], path: ["defaults", key], fromDefaults: true });
    for (const image of this.images) {
      if (image.raw[key] !== undefined) out.push({ value: image.raw[key], path: [...image.path, key], fromDefaults: false });
    }
    return out;
  }

  os(image: ImageView): Origin<OsName> | undefined {
    const origin = this.field(image, "os");
    return origin && (OS_NAMES as readonly unknown[]).includes(origin.value) ? (origin as Origin<OsName>) : undefined;
  }

  arch(image: ImageView): Origin<Arch> | undefined {
    const origin = this.field(image, "arch");
    return origin && (ARCHITECTURES as readonly unknown[]).includes(origin.value) ? (origin as Origin<Arch>) : undefined;
  }

  /** The image's regions with the build region, or undefined when the list is not valid. */
  regions(image: ImageView): Set<string> | undefined {
    const origin = this.field(image, "regions");
    if (!origin) return new Set([this.buildRegion]);
    const list = asStringList(origin.value);
    if (!list || !list.every(isRegion)) return undefined;
    return new Set([...list, this.buildRegion]);
  }

  /** The image's account names, or undefined when the list is not a list of strings. */
  accountNames(image: ImageView): string[] | undefined {
    const origin = this.field(image, "accounts");
    return origin ? asStringList(origin.value) : [];
  }

  isKnownAccount(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.accounts, name);
  }
}

export function asMap(value: unknown): RawMap | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as RawMap) : undefined;
}

/** A list of strings, or undefined when it is not one. */
export function asStringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
}

/** The string items of a list, with their indices, skipping anything else. */
export function stringItems(value: unknown): Array<[string, number]> {
  if (!Array.isArray(value)) return [];
  const out: Array<[string, number]> = [];
  value.forEach((item, index) => {
    if (typeof item === "string") out.push([item, index]);
  });
  return out;
}

/** The entries of a map whose values are maps. */
export function mapEntries(value: unknown): Array<[string, RawMap]> {
  const map = asMap(value);
  if (!map) return [];
  const out: Array<[string, RawMap]> = [];
  for (const [key, entry] of Object.entries(map)) {
    const entryMap = asMap(entry);
    if (entryMap) out.push([key, entryMap]);
  }
  return out;
}

/**
 * The AMI a release serves, as written: a pinned id, or `latest`, the newest build (also for an
 * `ami` that is missing or not a string, which the schema reports). Channels with the same one
 * serve one AMI.
 */
export function servedAmi(release: RawMap): string {
  return typeof release.ami === "string" ? release.ami : NEWEST_BUILD;
}
