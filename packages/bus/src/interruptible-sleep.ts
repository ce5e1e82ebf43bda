/** A wait between retries that a stop can cut short, so stopping never waits out a retry delay. */
export class InterruptibleSleep {
  private wake: (() => void) | undefined;

  async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  /** Ends the current sleep now (none: nothing happens). */
  interrupt(): void {
    this.wake?.();
  }
}
