/**
 * Every metric of our own that a service exports, by name. The alert rules and the Grafana
 * dashboard in infra/k8s refer to these names only (test/deploy checks each query against this
 * list, and test/e2e/observability.test.ts that the running services export them). Labels carry
 * route templates, consumer names, channels: never an id, a path or anything about a person.
 */
export const metricNames = {
  httpRequests: "krisstod_http_requests_total",
  httpDuration: "krisstod_http_request_duration_seconds",
  outboxPending: "krisstod_outbox_pending_events",
  outboxOldestAge: "krisstod_outbox_oldest_pending_age_seconds",
  consumerPending: "krisstod_consumer_pending_messages",
  consumerAckPending: "krisstod_consumer_ack_pending_messages",
  deadLetters: "krisstod_dead_letters",
  auditVerificationOk: "krisstod_audit_verification_ok",
  auditVerificationTimestamp: "krisstod_audit_verification_timestamp_seconds",
  auditUnsealedOldestAge: "krisstod_audit_unsealed_oldest_age_seconds",
  notifierSends: "krisstod_notifier_sends_total",
  sseClients: "krisstod_sse_clients",
  collectErrors: "krisstod_metrics_collect_errors_total",
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];
