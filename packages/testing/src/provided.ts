import type { TestNatsSecrets } from "./nats.ts";

/** Values the global setup provides to every test file. */
declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** The run's nats-server, with the harness user's credentials in the URL. */
    natsUrl: string;
    natsSecrets: TestNatsSecrets;
  }
}
