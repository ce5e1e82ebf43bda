import { jetstreamManager, type StreamSource } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { splitCredentials } from "./namespace.ts";

/**
 * The national hub's stream as an operator creates it (infra/nats/national-sources.json): no
 * subjects of its own, only sources — each county's event stream, across its JetStream domain
 * (`external.api` `$JS.<domain>.API`) or, on one server, directly.
 */
export async function addNationalStream(
  harnessUrl: string,
  name: string,
  sources: readonly StreamSource[],
): Promise<void> {
  const { servers, credentials } = splitCredentials(harnessUrl.split(",")[0] ?? harnessUrl);
  const nc = await connect({ servers, ...credentials });
  try {
    await (await jetstreamManager(nc)).streams.add({ name, sources: [...sources] });
  } finally {
    await nc.close();
  }
}
