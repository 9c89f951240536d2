/**
 * The sweeper's calls to EC2 (AWS SDK v3): the regions, the factory's AMIs page by page, the
 * deprecate step's changes (deprecation times and the released mark), deregistration with the
 * AMI's snapshots, and the snapshots an earlier deregistration left behind. Every call retries
 * throttling with exponential backoff (EC2 API reference, "Request throttling": a bucket per API and account that refills at a few
 * requests per second), and the SDK's own retries are left off so there is one policy.
 */
import {
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  type DescribeImagesCommandInput,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DisableImageDeprecationCommand,
  EC2Client,
  EnableImageDeprecationCommand,
  type Image,
  type Tag,
} from "@aws-sdk/client-ec2";
import { SNAPSHOT_OF_TAG, TAG } from "../catalog/tables/tags";
import { compareText } from "../catalog/tables/order";
import { RELEASED_TAG } from "../catalog/tables/tags";
import type { AmiRecord, Change } from "./decide";

/** Error codes EC2 answers when a caller is throttled. */
const THROTTLED = new Set(["RequestLimitExceeded", "Throttling", "ThrottlingException", "TooManyRequestsException"]);
/** Error codes meaning the AMI or snapshot is already gone: a second run finds nothing to do. */
const GONE = new Set(["InvalidAMIID.NotFound", "InvalidAMIID.Unavailable", "InvalidSnapshot.NotFound"]);

export interface RetryOptions {
  /** Attempts in all, the first included. @default 8 */
  attempts?: number;
  /**
   * The longest wait before the first retry, doubled for each retry after it: each wait is a random
   * time up to it (full jitter). @default 500 (ms)
   */
  baseMs?: number;
  /** How to wait; tests pass one that does not. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

function codeOf(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.code ?? e?.name ?? "";
}

/** Runs `call`, retrying it while EC2 throttles, with exponential backoff and full jitter. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!THROTTLED.has(codeOf(error)) || attempt >= attempts) throw error;
      await sleep(Math.random() * base * 2 ** (attempt - 1));
    }
  }
}

/** One client per region; `maxAttempts: 1` leaves retrying to `withRetry`. */
export function clientFor(region: string): EC2Client {
  return new EC2Client({ region, maxAttempts: 1 });
}

/** The regions enabled for the account: AMIs may be left in a region the catalog no longer names. */
export async function enabledRegions(client: EC2Client, retry?: RetryOptions): Promise<string[]> {
  const answer = await withRetry(() => client.send(new DescribeRegionsCommand({})), retry);
  return (answer.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
}

function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? ""]] : [])));
}

function snapshotsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

function recordOf(region: string, image: Image): AmiRecord {
  const record: AmiRecord = {
    region,
    id: image.ImageId ?? "",
    name: image.Name ?? "",
    tags: tagsOf(image.Tags),
    snapshotIds: snapshotsOf(image),
  };
  if (image.DeprecationTime) record.deprecationTime = image.DeprecationTime;
  if (image.LastLaunchedTime) record.lastLaunchedTime = image.LastLaunchedTime;
  if (image.CreationDate) record.creationDate = image.CreationDate;
  if (image.State) record.state = image.State;
  if (image.DeregistrationProtection) record.deregistrationProtection = image.DeregistrationProtection;
  if (image.Public) record.public = true;
  return record;
}

/** Every page of a describe call, following `NextToken`; each page's call is retried on its own. */
async function everyPage<P extends { NextToken?: string }>(
  call: (token: string | undefined) => Promise<P>,
  retry?: RetryOptions,
): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(() => call(token), retry);
    pages.push(page);
    token = page.NextToken;
  } while (token);
  return pages;
}

/**
 * The account's own AMIs in the client's region, deprecated ones included, every page of them;
 * `narrow` adds filters, or disabled AMIs.
 */
async function ownImages(
  client: EC2Client,
  narrow: Pick<DescribeImagesCommandInput, "Filters" | "IncludeDisabled">,
  retry?: RetryOptions,
): Promise<Image[]> {
  const pages = await everyPage(
    (token) =>
      client.send(
        new DescribeImagesCommand({ Owners: ["self"], IncludeDeprecated: true, MaxResults: 1000, NextToken: token, ...narrow }),
      ),
    retry,
  );
  return pages.flatMap((page) => page.Images ?? []);
}

/**
 * The account's own AMIs in a region that carry the factory's tag, disabled ones included: EC2
 * leaves a disabled AMI out of DescribeImages unless asked (EC2 API reference, DisableImage: "A
 * disabled AMI does not appear in DescribeImages API calls by default";
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableImage.html), and one never
 * listed would never be swept, its snapshots kept and paid for.
 */
export async function factoryAmis(client: EC2Client, region: string, factory: string, retry?: RetryOptions) {
  const images = await ownImages(
    client,
    { Filters: [{ Name: `tag:${TAG.factory}`, Values: [factory] }], IncludeDisabled: true },
    retry,
  );
  return images.map((image) => recordOf(region, image));
}

/**
 * Deregisters an AMI and deletes its snapshots. EC2 deletes them with the AMI
 * (`DeleteAssociatedSnapshots`, in the same call); a snapshot it reports as failed is deleted here
 * once more. Should that fail too, or the process stop in between, the snapshot would be left with
 * nothing to find it by: the AMI is gone, and a copy's snapshots carry no tag of the factory. So
 * the snapshots are first tagged as the factory's and as this AMI's (`SNAPSHOT_OF_TAG`), and a
 * later run finds and deletes them (`orphanedSnapshots`). An AMI or snapshot already gone counts
 * as done: a stopped run can be repeated.
 */
export async function deregister(client: EC2Client, ami: AmiRecord, factory: string, retry?: RetryOptions): Promise<void> {
  if (ami.snapshotIds.length > 0) {
    const tags = [
      { Key: TAG.factory, Value: factory },
      { Key: SNAPSHOT_OF_TAG, Value: ami.id },
    ];
    try {
      await withRetry(() => client.send(new CreateTagsCommand({ Resources: [...ami.snapshotIds], Tags: tags })), retry);
    } catch (error) {
      // A snapshot of a registered AMI cannot be deleted, so one already gone means the AMI went
      // with it after it was listed: the deregistration below finds it gone too.
      if (!GONE.has(codeOf(error))) throw error;
    }
  }
  let leftover: string[] = [];
  try {
    const answer = await withRetry(
      () => client.send(new DeregisterImageCommand({ ImageId: ami.id, DeleteAssociatedSnapshots: true })),
      retry,
    );
    // `skipped`: another AMI still uses the snapshot, which then stays.
    leftover = (answer.DeleteSnapshotResults ?? [])
      .filter((r) => r.SnapshotId && r.ReturnCode !== "success" && r.ReturnCode !== "skipped")
      .map((r) => r.SnapshotId!);
  } catch (error) {
    if (!GONE.has(codeOf(error))) throw error;
  }
  for (const snapshot of leftover) await deleteSnapshot(client, snapshot, retry);
}

/** Deletes a snapshot; one already gone counts as deleted. */
export async function deleteSnapshot(client: EC2Client, snapshotId: string, retry?: RetryOptions): Promise<void> {
  try {
    await withRetry(() => client.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })), retry);
  } catch (error) {
    if (!GONE.has(codeOf(error))) throw error;
  }
}

/** A snapshot the sweep tagged before deregistering its AMI, that no AMI of the account uses now. */
export interface OrphanedSnapshot {
  region: string;
  id: string;
  /** The AMI it belonged to, which the sweep deregistered. */
  ami: string;
}

/**
 * The snapshots a deregistration left behind in a region: those carrying this factory's tag and
 * `SNAPSHOT_OF_TAG`, which `deregister` sets only on the snapshots of an AMI it is about to
 * deregister, and that no registered AMI of the account uses (deprecated and disabled ones
 * included), whether the AMI they were tagged for (a run stopped before deregistering it) or one
 * registered from them since.
 *
 * Found by tag rather than by the description EC2 gives a snapshot ("Created by CreateImage(...)
 * for ami-..." or "Copied for DestinationAmi ami-..."): that text is not a documented format, it
 * differs by the call that made the snapshot, and it says nothing of who made the AMI, so another
 * team's snapshot whose AMI is gone would read just the same. The tag is the sweeper's own record
 * of having decided, by every rule of sweep/decide.ts, to delete the AMI it names.
 */
export async function orphanedSnapshots(
  client: EC2Client,
  region: string,
  factory: string,
  retry?: RetryOptions,
): Promise<OrphanedSnapshot[]> {
  const pages = await everyPage(
    (token) =>
      client.send(
        new DescribeSnapshotsCommand({
          OwnerIds: ["self"],
          Filters: [
            { Name: `tag:${TAG.factory}`, Values: [factory] },
            { Name: "tag-key", Values: [SNAPSHOT_OF_TAG] },
          ],
          MaxResults: 1000,
          NextToken: token,
        }),
      ),
    retry,
  );
  const tagged = pages.flatMap((page) =>
    (page.Snapshots ?? []).flatMap((snapshot): OrphanedSnapshot[] => {
      const tags = tagsOf(snapshot.Tags);
      const ami = tags[SNAPSHOT_OF_TAG];
      // Checked again here: never act on a snapshot because a filter was not applied.
      return snapshot.SnapshotId && tags[TAG.factory] === factory && ami ? [{ region, id: snapshot.SnapshotId, ami }] : [];
    }),
  );
  if (tagged.length === 0) return [];
  const used = await snapshotsInUse(client, retry);
  return tagged.filter((s) => !used.has(s.id)).sort((a, b) => compareText(a.id, b.id));
}

/**
 * Every snapshot a registered AMI of the account uses in the region. All of its AMIs, not only
 * the factory's, and disabled ones too: an AMI anyone registered from a snapshot keeps it.
 */
async function snapshotsInUse(client: EC2Client, retry?: RetryOptions): Promise<Set<string>> {
  const images = await ownImages(client, { IncludeDisabled: true }, retry);
  return new Set(images.flatMap(snapshotsOf));
}

/**
 * One change of the deprecate step. Each is idempotent: setting the same deprecation time or tag
 * again, or disabling a deprecation already gone, leaves the AMI as it was, so a stopped run can
 * be repeated.
 */
export async function applyChange(
  client: EC2Client,
  ami: AmiRecord,
  change: Exclude<Change, { kind: "deregister" }>,
  factory: string,
  retry?: RetryOptions,
): Promise<void> {
  const send = async () => {
    switch (change.kind) {
      case "deprecate":
        return client.send(new EnableImageDeprecationCommand({ ImageId: ami.id, DeprecateAt: new Date(change.at) }));
      case "undeprecate":
        return client.send(new DisableImageDeprecationCommand({ ImageId: ami.id }));
      case "mark":
        return client.send(new CreateTagsCommand({ Resources: [ami.id], Tags: [{ Key: RELEASED_TAG, Value: factory }] }));
    }
  };
  try {
    await withRetry(send, retry);
  } catch (error) {
    if (!GONE.has(codeOf(error))) throw error;
  }
}
