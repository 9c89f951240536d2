/**
 * What the vendor's image of each apt OS configures for its login user, put onto the one Debian
 * rootfs the harness boots. Debian's EC2 images name cloud-init's default user `admin` in a
 * cloud.cfg.d drop-in; Ubuntu's images have `ubuntu` as the default user of their cloud.cfg. The
 * harness writes the OS table's vendor user (name and groups) as a drop-in onto each build
 * instance's disk before its first boot, so the rootfs, cached once, serves every apt OS. What the
 * drop-in leaves out (passwordless sudo, /bin/bash, a locked password) comes from the rootfs's
 * cloud.cfg and is the same in both vendors' configurations.
 */
import { OS_TABLE, type LinuxFacts, type OsName, type VendorUser } from "../catalog/tables/os-table";

/** Sorts before the practices' drop-ins (99_*), as the vendor's own configuration does. */
export const VENDOR_USER_DROP_IN = "/etc/cloud/cloud.cfg.d/01_ami-factory-harness-vendor-user.cfg";

/** The facts of a Linux OS: the only ones whose documents the harness runs. */
export function linuxFacts(os: OsName): LinuxFacts {
  const info = OS_TABLE[os];
  if (info.platform !== "Linux") throw new Error(`${os} is not a Linux OS: the harness cannot run its documents`);
  return info.facts;
}

/** cloud-init configuration making `user` the default user, with its groups (cloud-init creates missing ones). */
export function vendorUserConfig(user: VendorUser): string {
  return ["system_info:", "  default_user:", `    name: ${user.name}`, `    groups: [${user.groups.join(", ")}]`, ""].join("\n");
}
