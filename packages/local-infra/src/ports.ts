import { readFileSync } from "node:fs";
import { connect, createServer } from "node:net";

/**
 * Asks for a free TCP port on 127.0.0.1 that nothing else will be handed meanwhile. A port the
 * kernel picks for `listen(0)` lies in its ephemeral range, which it also hands out as the local
 * port of outgoing connections; a caller that binds the port a few seconds later (a test starting
 * its services before the dashboard's dev server) then found it taken by one of the many client
 * sockets of a busy test run ("Port 34593 is already in use"). So the port is chosen at random
 * below the ephemeral range and checked by binding it; the kernel's own pick stays the fallback.
 */
export async function findFreePort(): Promise<number> {
  const [low, high] = belowEphemeralRange();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canBind(port)) return port;
  }
  return bindAndRelease(0);
}

/**
 * `count` free ports, all different: each picked alone is free, but two random picks can be the same
 * port (the launcher test once got one port for two services).
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}

/** Ports from 20000 up to the start of the kernel's ephemeral range (32768 by default on Linux). */
function belowEphemeralRange(): [number, number] {
  try {
    const [first] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const start = Number(first);
    if (Number.isInteger(start) && start > 21_000) return [20_000, start];
  } catch {
    // Not Linux, or /proc unreadable: the default range applies.
  }
  return [20_000, 32_768];
}

function canBind(port: number): Promise<boolean> {
  return bindAndRelease(port).then(
    () => true,
    () => false,
  );
}

function bindAndRelease(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
