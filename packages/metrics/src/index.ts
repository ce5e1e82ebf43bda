export { type MetricName, metricNames } from "./catalogue.ts";
export { type MetricsServer, serveMetrics } from "./server.ts";
export {
  createServiceMetrics,
  type GaugeSample,
  type HttpMetrics,
  type NotifierMetrics,
  type ServiceMetrics,
  type SseMetrics,
} from "./service-metrics.ts";
