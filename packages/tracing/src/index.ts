/**
 * The trace context carried across our boundaries, on the OpenTelemetry API alone: without a
 * started SDK (./sdk) every call here is a no-op, so libraries and tests need no set-up.
 */
import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api";

export { type Context, type Span, SpanKind } from "@opentelemetry/api";

/** W3C trace context (`traceparent`, `tracestate`) as plain headers, e.g. stored with an outbox row. */
export type TraceHeaders = Record<string, string>;

const tracer = () => trace.getTracer("krisstod");

/** The active trace context as headers, or undefined when nothing is traced. */
export function currentTraceHeaders(): TraceHeaders | undefined {
  const carrier: TraceHeaders = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** A header map of any shape (fetch Headers, NATS headers) with get and set. */
export interface HeaderMap {
  get(key: string): string | null | undefined;
  keys(): Iterable<string>;
}

const headerGetter: TextMapGetter<HeaderMap> = {
  get: (carrier, key) => carrier.get(key) || undefined,
  keys: (carrier) => [...carrier.keys()],
};

/** The trace context that stored headers or a message's headers carry (the root when none). */
export function contextFromHeaders(headers: HeaderMap | TraceHeaders | null | undefined): Context {
  if (!headers) return context.active();
  if (isHeaderMap(headers)) return propagation.extract(context.active(), headers, headerGetter);
  return propagation.extract(context.active(), headers);
}

function isHeaderMap(headers: HeaderMap | TraceHeaders): headers is HeaderMap {
  return typeof (headers as HeaderMap).get === "function";
}

/** Writes the trace context of `ctx` (default: the active one) into headers with a set method. */
export function injectTraceContext<H extends { set(key: string, value: string): void }>(
  headers: H,
  ctx: Context = context.active(),
): H {
  const setter: TextMapSetter<H> = { set: (carrier, key, value) => carrier.set(key, value) };
  propagation.inject(ctx, headers, setter);
  return headers;
}

/** Starts a span that the caller ends (with endSpan), as child of `parent` (default: active). */
export function startSpan(
  name: string,
  options: { kind: SpanKind; parent?: Context; attributes?: Attributes },
): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind, ...(options.attributes ? { attributes: options.attributes } : {}) },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a span, marked failed when `error` is given (by the error's name: a message may hold values). */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.name : "failed",
    });
  }
  span.end();
}

/** Runs `work` inside a new span, active for everything it awaits; the span ends when it settles. */
export async function inSpan<T>(
  name: string,
  options: { kind: SpanKind; parent?: Context; attributes?: Attributes },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { span, context: spanContext } = startSpan(name, options);
  try {
    const result = await context.with(spanContext, () => work(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** Runs `work` with `ctx` active (so an outbox row or a request made inside carries it). */
export function withContext<T>(ctx: Context, work: () => T): T {
  return context.with(ctx, work);
}
