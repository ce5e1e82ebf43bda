import { createServer } from "node:net";

/**
 * Fails early, naming the variable, when a port the launcher would use is taken or used twice;
 * otherwise a child would die later with a bare EADDRINUSE.
 */
export async function ensurePortsFree(ports: Readonly<Record<string, number>>): Promise<void> {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const [variable, port] of Object.entries(ports)) {
    const other = seen.get(port);
    if (other) {
      problems.push(`${variable}=${port} is the same port as ${other}`);
      continue;
    }
    seen.set(port, variable);
    if (!(await isFree(port)))
      problems.push(`${variable}=${port} is in use; stop what holds it or set ${variable}`);
  }
  if (problems.length > 0) throw new Error(`Ports not available:\n  ${problems.join("\n  ")}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
