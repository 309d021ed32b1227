/**
 * Registers the OpenTelemetry SDK for traces, Node runtime only, from instrumentation.ts: a
 * tracer provider with a batch processor, the AsyncLocalStorage context manager (so the AI call's
 * span is the parent of whatever runs inside it) and the W3C trace-context propagator (so a
 * `traceparent` sent by the browser or a proxy parents the span). No network: spans are kept in
 * memory, or printed with `TAXON_DEMO_TRACES=console`; a real app puts its OTLP exporter here.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

/** Recent spans, for a look from a debugger or a later test route; bounded so a long run keeps flat memory. */
export const recentSpans = new InMemorySpanExporter();
const MAX_KEPT = 1000;
const bounded: SpanExporter = {
  export(spans, done) {
    if (recentSpans.getFinishedSpans().length + spans.length > MAX_KEPT) recentSpans.reset();
    recentSpans.export(spans, done);
  },
  shutdown: () => recentSpans.shutdown(),
};

export function registerTracing(): void {
  const exporter = process.env.TAXON_DEMO_TRACES === 'console' ? new ConsoleSpanExporter() : bounded;
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}
