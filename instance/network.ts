/**
 * The test instance's network: a namespace of the harness's own with only loopback, so the port
 * checks see exactly what the instance listens on. Its programs still reach Debian's mirror (the
 * os-update test runs apt-get update) through an HTTP proxy: a relay on the namespace's
 * 127.0.0.1 hands each connection over a unix socket to a proxy in the harness, outside.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { must } from "./exec";
import type { Network } from "./machine";

export const PROXY_PORT = 3142;

/** Runs inside the namespace: TCP on 127.0.0.1 to the proxy's unix socket. */
const RELAY = `
const net = require("node:net");
const [socket, port] = process.argv.slice(1);
net.createServer((c) => { const u = net.connect(socket); c.pipe(u).pipe(c); c.on("error", () => u.destroy()); u.on("error", () => c.destroy()); })
  .listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\\n"));
`;

export class NamespaceNetwork {
  private server?: Server;
  private relayPid?: number;
  private readonly socket: string;
  readonly network: Network;

  constructor(readonly name: string) {
    this.socket = join(tmpdir(), `${name}.proxy.sock`);
    this.network = { netns: name, env: { http_proxy: `http://127.0.0.1:${PROXY_PORT}` } };
  }

  async create(): Promise<string[]> {
    await must(["ip", "netns", "add", this.name]);
    await must(["ip", "netns", "exec", this.name, "ip", "link", "set", "lo", "up"]);
    rmSync(this.socket, { force: true });
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? "/");
      const upstream = request(
        {
          host: url.hostname,
          port: url.port || 80,
          path: `${url.pathname}${url.search}`,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.socket, resolve));
    const relay = spawn("ip", ["netns", "exec", this.name, process.execPath, "-e", RELAY, this.socket, String(PROXY_PORT)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.relayPid = relay.pid;
    await new Promise<void>((resolve, reject) => {
      relay.stdout.once("data", () => resolve());
      relay.once("exit", (code) => reject(new Error(`the namespace relay exited ${code}`)));
    });
    return [
      `network: namespace ${this.name} with loopback only`,
      `network: emulated: the instance reaches Debian's mirror through http_proxy=http://127.0.0.1:${PROXY_PORT} in its namespace`,
    ];
  }

  async destroy(): Promise<void> {
    if (this.relayPid !== undefined) {
      try {
        process.kill(this.relayPid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    rmSync(this.socket, { force: true });
    await must(["ip", "netns", "del", this.name]).catch(() => undefined);
  }
}
