import type * as pulumi from "@pulumi/pulumi";

/**
 * Custom timeouts for the resources that wait on AWS for long: a build runs its tests (up to the
 * image's test timeout) and distributes to every region; a copy of a large AMI across regions can
 * take hours. The defaults of the provider are far shorter, and a deployment that times out
 * halfway leaves work for the next `pulumi up` to find.
 */
export const TIMEOUTS = {
  /** Build (about an hour) + tests + distribution (about 20 minutes a region, in parallel batches). */
  image(testTimeoutMinutes: number, regions: number): pulumi.CustomTimeouts {
    const minutes = 60 + testTimeoutMinutes + 20 * Math.ceil(regions / 4) + 30;
    return { create: `${minutes}m`, update: `${minutes}m`, delete: "60m" };
  },
  /** An encrypted cross-region copy of a large AMI; EC2 runs at most 50 at once per region. */
  copy: { create: "240m", update: "60m", delete: "90m" } satisfies pulumi.CustomTimeouts,
};
