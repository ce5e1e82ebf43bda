import type { Logger } from "@krisstod/logging";

/**
 * Runs `work` until it reports nothing left, then sleeps `intervalMs` or until woken. Durable state
 * lives in the database; this loop only decides when to look again.
 */
export function startPoller(options: {
  name: string;
  intervalMs: number;
  logger: Logger;
  /** Returns true when it did something (and may have more). */
  work: () => Promise<boolean>;
}): { wake: () => void; readonly sleeping: boolean; stop: () => Promise<void> } {
  let running = true;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  const loop = (async () => {
    let failures = 0;
    while (running) {
      let busy = false;
      try {
        busy = await options.work();
        failures = 0;
      } catch (error) {
        failures += 1;
        options.logger.error({ err: String(error), worker: options.name }, "worker step failed");
      }
      if (!running) break;
      if (!busy)
        await sleep(failures > 0 ? Math.min(10_000, options.intervalMs * 2 ** failures) : options.intervalMs);
    }
  })();
  return {
    wake: () => {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    /** Waiting for its next look (not in the middle of its work). */
    get sleeping() {
      return wakeUp !== undefined;
    },
    stop: async () => {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}
