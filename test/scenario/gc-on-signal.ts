/**
 * Loaded into a service process by the test harness only when memory is measured
 * (`startCluster(…, { gcOnSignal: true })`, with `--expose-gc`): SIGUSR2 runs a full garbage
 * collection and prints the memory after it as one JSON line on stdout, which the harness reads
 * from the process's captured output. Without it, resident memory at rest depends on when V8 last
 * collected, and a leak check on it is noise; after a full collection what remains is kept.
 */
process.on("SIGUSR2", () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ memoryAfterGc: { rss: m.rss, heapUsed: m.heapUsed, external: m.external, gc: Boolean(gc) } })}\n`,
  );
});
