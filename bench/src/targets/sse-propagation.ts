import { activationService } from "@krisstod/activation";
import { reportingService } from "@krisstod/reporting";
import { startService } from "@krisstod/runtime";
import { createNamespace } from "@krisstod/testing/namespace";
import { createParser } from "eventsource-parser";
import { countyObserver, halmstadLead, incidentBody } from "../fixtures.ts";
import { summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";

const TARGET_P99_MS = 100;

/**
 * Issue 7: an event committed in any service reaches a connected dashboard in under 100 ms p99
 * with 200 dashboards connected. Time runs from the POST that commits the incident to each
 * dashboard's receipt of the change.
 */
export const ssePropagation: BenchTarget = {
  name: "SSE propagation, 200 dashboards",
  async run(env) {
    const ns = await createNamespace(env.databaseAdminUrl, env.natsUrl);
    const activation = await startService(activationService, ns.serviceEnv());
    const reporting = await startService(reportingService, ns.serviceEnv());
    const clients = 200;
    const events = Math.max(10, Math.round(50 * env.scale));
    // Since auth landed every request carries a token: Länsstyrelsen watches, Halmstad's lead writes.
    const observer = await ns.headers(countyObserver);
    const lead = await ns.headers(halmstadLead);
    const sentAt = new Map<string, number>();
    const samples: number[] = [];
    const controllers: AbortController[] = [];
    try {
      await Promise.all(
        Array.from({ length: clients }, async () => {
          const controller = new AbortController();
          controllers.push(controller);
          const response = await fetch(`${reporting.url}/stream?county=13`, {
            headers: { ...observer, Accept: "text/event-stream" },
            signal: controller.signal,
          });
          if (response.status !== 200) throw new Error(`stream answered ${response.status}`);
          if (!response.body) throw new Error("no stream body");
          const parser = createParser({
            onEvent: (message) => {
              if (message.event !== "change") return;
              const title = (JSON.parse(message.data) as { incident: { title: string } }).incident.title;
              const started = sentAt.get(title);
              if (started !== undefined) samples.push(performance.now() - started);
            },
          });
          void (async () => {
            const decoder = new TextDecoder();
            const reader = response.body?.getReader();
            try {
              for (;;) {
                const chunk = await reader?.read();
                if (!chunk || chunk.done) return;
                parser.feed(decoder.decode(chunk.value, { stream: true }));
              }
            } catch {
              // closed at the end of the run
            }
          })();
        }),
      );
      for (let i = 0; i < events; i++) {
        const body = incidentBody(i);
        sentAt.set(body.title, performance.now());
        const response = await fetch(`${activation.url}/incidents`, {
          method: "POST",
          headers: lead,
          body: JSON.stringify(body),
        });
        if (response.status !== 201) throw new Error(`incident not created: ${response.status}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const expected = clients * events;
      const deadline = Date.now() + 30_000;
      while (samples.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const latency = summarise(samples);
      return {
        name: this.name,
        target: `p99 < ${TARGET_P99_MS} ms`,
        latency,
        comparedTo: "natsRoundTrip",
        met: samples.length === expected && latency.p99 < TARGET_P99_MS,
        notes: `${samples.length}/${expected} deliveries; services, clients and load generator share one process`,
      };
    } finally {
      for (const controller of controllers) controller.abort();
      await activation.stop();
      await reporting.stop();
      await ns.drop();
    }
  },
};
