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
} from '@opentelemetry/sdk-trace-base';

export function registerTracing(): void {
  const exporter = process.env.TAXON_DEMO_TRACES === 'console' ? new ConsoleSpanExporter() : new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}
