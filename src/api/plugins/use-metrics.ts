// Prometheus metrics at /metrics, with yoga's own plugin (@graphql-yoga/plugin-prometheus):
// operations counted and timed by operation name and type, errors by phase, HTTP durations by
// status, and the cost papergraph computed for each executed operation (plugins/use-query-cost.ts).
//
// Every app has its own prom-client Registry (tests build many apps in one process; the plugin's
// default is prom-client's global one, whose metric names can be registered only once).
//
// Labels are bounded, as a client chooses them: operation names must be GraphQL names and at most
// `maxOperationNames` distinct ones get their own series (later ones are "other"); no URL (a
// GET's query text), no error path (list indexes), no variables, headers or messages. So /metrics
// never shows a key or a query. It answers before parsing, CSRF prevention and authentication,
// but after the request guard: a scraper counts against the rate limit like any client.

import { createCounter, createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Histogram, Registry } from 'prom-client';
import { costOfOperation } from './use-query-cost.js';

export interface MetricsOptions {
  /** Where the metrics are kept; a new Registry per app when not given. */
  registry?: Registry;
  /** Distinct operation names given their own series; later names share "other". */
  maxOperationNames?: number;
  /** The path served; default /metrics. */
  endpoint?: string;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Costs from one object to the default budget (500,000, complexity.ts): roughly a factor of 3 apart. */
const COST_BUCKETS = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 500_000];

export function useMetrics({ registry = new Registry(), maxOperationNames = 200, endpoint = '/metrics' }: MetricsOptions = {}): Plugin {
  const named = new Set<string>();
  const operationLabel = (name: unknown): string => {
    if (typeof name !== 'string' || name === '' || name === 'Anonymous') return 'Anonymous';
    if (!NAME.test(name)) return 'invalid';
    if (named.has(name)) return name;
    if (named.size >= maxOperationNames) return 'other';
    named.add(name);
    return name;
  };
  type Params = { operationName?: string; operationType?: string; errorPhase?: string };
  const operationLabels = (params: Params) => ({
    operationName: operationLabel(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  const labelNames = ['operationName', 'operationType'] as const;

  const latency = <Phase extends 'parse' | 'validate' | 'execute'>(phase: Phase, help: string) =>
    createHistogram<Phase, (typeof labelNames)[number], Params>({
      registry,
      histogram: { name: `graphql_envelop_phase_${phase}`, help, labelNames: [...labelNames], buckets: LATENCY_BUCKETS },
      fillLabelsFn: operationLabels,
      phases: [phase],
    });

  const cost = new Histogram({
    name: 'papergraph_query_cost',
    help: 'The cost papergraph computed for each executed operation (the budget is per request)',
    labelNames: [...labelNames],
    buckets: COST_BUCKETS,
    registers: [registry],
  });

  const prometheus = usePrometheus({
    registry,
    endpoint,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: 'graphql_envelop_request', help: 'Operations executed, failed or not', labelNames: [...labelNames] },
        fillLabelsFn: operationLabels,
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_envelop_request_duration',
          help: 'Seconds from parsing to the end of execution, per operation',
          labelNames: [...labelNames],
          buckets: LATENCY_BUCKETS,
        },
        fillLabelsFn: operationLabels,
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'Operations that ended in errors, by the phase that failed (parse, validate, context, execute)',
          labelNames: [...labelNames, 'phase'],
        },
        fillLabelsFn: (params: Params) => ({ ...operationLabels(params), phase: params.errorPhase ?? 'unknown' }),
      }),
      graphql_envelop_phase_parse: latency('parse', 'Seconds spent parsing'),
      graphql_envelop_phase_validate: latency('validate', 'Seconds spent validating and costing'),
      graphql_envelop_phase_execute: latency('execute', 'Seconds spent executing'),
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Seconds from the request to the response, by operation, method and status',
          labelNames: [...labelNames, 'method', 'statusCode'],
          buckets: LATENCY_BUCKETS,
        },
        fillLabelsFn: (params: Params, { request, response }: { request: Request; response: Response }) => ({
          ...operationLabels(params),
          method: request.method,
          statusCode: response.status,
        }),
      }),
      // Off: a summary's quantiles cost per observation, the deprecated-field count walks every
      // document, and context building is a few microseconds.
      graphql_envelop_request_time_summary: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
    },
    labels: { url: false, path: false },
  });

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(prometheus);
    },
    onExecute({ args }) {
      const value = costOfOperation.get(args.contextValue as object);
      if (value === undefined) return;
      const operation = getOperationAST(args.document, args.operationName);
      cost.observe(operationLabels({ operationName: operation?.name?.value, operationType: operation?.operation }), value);
    },
  };
}
