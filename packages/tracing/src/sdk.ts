/**
 * Starts the OpenTelemetry trace SDK of a service process from the standard variables, or does
 * nothing when tracing is not configured.
 *
 * The 2.x SDK line (@opentelemetry/sdk-trace-* 2.12, exporters 0.223) is used because it runs on
 * Node 20.6+ and 22; the 3.x line needs Node 22.15+. Move to it once no Node 20 is left anywhere.
 */
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { z } from "zod";

/**
 * The standard variables this reads itself; the exporter reads the rest (OTEL_EXPORTER_OTLP_HEADERS,
 * _TIMEOUT, _CERTIFICATE…), the SDK OTEL_TRACES_SAMPLER(_ARG) and OTEL_BSP_*.
 */
export const tracingEnv = z.object({
  OTEL_SDK_DISABLED: z.enum(["true", "false"]).default("false"),
  OTEL_TRACES_EXPORTER: z.enum(["otlp", "none"]).default("otlp"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/protobuf", "http/json"]).optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(["http/protobuf", "http/json"]).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});
export type TracingEnv = z.infer<typeof tracingEnv>;

export interface Tracing {
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

let running: { tracing: Tracing; users: number } | undefined;

/**
 * Registers a tracer provider that exports over OTLP/HTTP (protobuf by default, JSON with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT. Without an
 * endpoint, or with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none, tracing stays off and
 * undefined is returned. One provider per process: a second caller shares the first one's.
 */
export function startTracing(serviceName: string, env: TracingEnv): Tracing | undefined {
  if (env.OTEL_SDK_DISABLED === "true" || env.OTEL_TRACES_EXPORTER === "none") return undefined;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  if (running) {
    running.users++;
    return running.tracing;
  }
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const exporter = protocol === "http/json" ? new OtlpJsonExporter() : new OtlpProtobufExporter();
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The W3C trace-context propagator and the AsyncLocalStorage context manager.
  provider.register();
  const tracing: Tracing = {
    async shutdown() {
      if (!running) return;
      running.users--;
      if (running.users > 0) return;
      running = undefined;
      await provider.shutdown();
    },
  };
  running = { tracing, users: 1 };
  return tracing;
}
