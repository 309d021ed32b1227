import { guardMetrics, type MetricsOption } from './guard-metrics.js';
import { HTTP_METHODS, labelValue, statusClass } from './label-value.js';

/** Options of {@link withRouteMetrics}. */
export interface RouteMetricsOptions {
  /** Where `taxon.http.route.duration` goes. Without a sink the handler is returned unchanged. */
  metrics?: MetricsOption;
}

/**
 * Wraps a fetch-style route handler (a Next.js route's `GET`/`POST`) to record its latency as
 * `taxon.http.route.duration{http_route, http_request_method, status_class}`, separate from
 * the AI latency inside it. `route` is a constant you choose (e.g. `'/api/generate'`), never the
 * request's path: it is a label, and paths hold ids. A handler that throws counts as `5xx` and its
 * error is rethrown unchanged; a throwing sink never fails the route.
 *
 * @example
 * export const POST = withRouteMetrics('/api/generate', async (request: Request) => { ... }, { metrics });
 */
export function withRouteMetrics<Args extends unknown[]>(
  route: string,
  handler: (request: Request, ...rest: Args) => Response | Promise<Response>,
  options: RouteMetricsOptions,
): (request: Request, ...rest: Args) => Promise<Response> {
  const sink = guardMetrics(options.metrics);
  if (!sink) return async (request, ...rest) => handler(request, ...rest);
  const observe = (request: Request, started: number, status: number) => {
    const method = labelValue(HTTP_METHODS, request?.method);
    const labels = { http_route: route, http_request_method: method, status_class: statusClass(status) };
    sink.observe('httpRouteDuration', (performance.now() - started) / 1000, labels);
  };
  return async (request, ...rest) => {
    const started = performance.now();
    let response: Response;
    try {
      response = await handler(request, ...rest);
    } catch (error) {
      observe(request, started, 500);
      throw error;
    }
    observe(request, started, response.status);
    return response;
  };
}
