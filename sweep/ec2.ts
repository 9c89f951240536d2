/**
 * The sweeper's calls to EC2 (AWS SDK v3): the regions, the factory's AMIs page by page, the
 * deprecate step's changes (deprecation times and the released mark), and deregistration with the
 * AMI's snapshots. Every call retries throttling with exponential backoff
 * (EC2 API reference, "Request throttling": a bucket per API and account that refills at a few
 * requests per second), and the SDK's own retries are left off so there is one policy.
 */
import {
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DisableImageDeprecationCommand,
  EC2Client,
  EnableImageDeprecationCommand,
  type Image,
} from "@aws-sdk/client-ec2";
import { TAG } from "../catalog/tables/tags";
import { RELEASED_TAG } from "../catalog/expand/lifetimes";
import type { AmiRecord, Change } from "./decide";

/** Error codes EC2 answers when a caller is throttled. */
const THROTTLED = new Set(["RequestLimitExceeded", "Throttling", "ThrottlingException", "TooManyRequestsException"]);
/** Error codes meaning the AMI or snapshot is already gone: a second run finds nothing to do. */
const GONE = new Set(["InvalidAMIID.NotFound", "InvalidAMIID.Unavailable", "InvalidSnapshot.NotFound"]);

export interface RetryOptions {
  /** Attempts in all, the first included. @default 8 */
  attempts?: number;
  /** Delay before the first retry, doubled after each. @default 500 (ms) */
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

function recordOf(region: string, image: Image): AmiRecord {
  const tags = Object.fromEntries((image.Tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? ""]] : [])));
  const record: AmiRecord = {
    region,
    id: image.ImageId ?? "",
    name: image.Name ?? "",
    tags,
    snapshotIds: (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : [])),
  };
  if (image.DeprecationTime) record.deprecationTime = image.DeprecationTime;
  if (image.LastLaunchedTime) record.lastLaunchedTime = image.LastLaunchedTime;
  if (image.CreationDate) record.creationDate = image.CreationDate;
  if (image.DeregistrationProtection) record.deregistrationProtection = image.DeregistrationProtection;
  if (image.Public) record.public = true;
  return record;
}

/** The account's own AMIs in a region that carry the factory's tag, every page of them. */
export async function factoryAmis(client: EC2Client, region: string, factory: string, retry?: RetryOptions) {
  const found: AmiRecord[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(
      () =>
        client.send(
          new DescribeImagesCommand({
            Owners: ["self"],
            IncludeDeprecated: true,
            Filters: [{ Name: `tag:${TAG.factory}`, Values: [factory] }],
            MaxResults: 1000,
            NextToken: token,
          }),
        ),
      retry,
    );
    for (const image of page.Images ?? []) found.push(recordOf(region, image));
    token = page.NextToken;
  } while (token);
  return found;
}

/**
 * Deregisters an AMI and deletes its snapshots. EC2 deletes them with the AMI
 * (`DeleteAssociatedSnapshots`, in the same call, so a run that stops never leaves an AMI's
 * snapshots without their AMI to find them by); a snapshot it reports as failed is deleted here
 * once more. An AMI or snapshot already gone counts as done: a stopped run can be repeated.
 */
export async function deregister(client: EC2Client, ami: AmiRecord, retry?: RetryOptions): Promise<void> {
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
  for (const snapshot of leftover) {
    try {
      await withRetry(() => client.send(new DeleteSnapshotCommand({ SnapshotId: snapshot })), retry);
    } catch (error) {
      if (!GONE.has(codeOf(error))) throw error;
    }
  }
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
