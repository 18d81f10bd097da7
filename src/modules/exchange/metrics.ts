/**
 * Per-call figures of the gateway for /metrics and the operations dashboard: latency by service
 * and result, calls, bytes each way, and the circuit of each service (0 closed, 1 half-open, 2 open).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CircuitState } from './circuit.ts';

export interface GatewayMetrics {
  observe(serviceId: string, result: string, seconds: number, requestBytes: number, responseBytes: number): void;
  circuit(serviceId: string, state: CircuitState): void;
}

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  const latency = new Histogram({
    name: 'exchange_call_duration_seconds',
    help: 'Data-sharing gateway calls: time from the caller to the answer, by service and result',
    labelNames: ['service', 'result'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const calls = new Counter({
    name: 'exchange_calls_total',
    help: 'Data-sharing gateway calls by service and result (ok, error, timeout, circuit_open, refused)',
    labelNames: ['service', 'result'],
    registers,
  });
  const bytes = new Counter({
    name: 'exchange_bytes_total',
    help: 'Bytes sent to and received from the registers, by service and direction',
    labelNames: ['service', 'direction'],
    registers,
  });
  const circuit = new Gauge({
    name: 'exchange_circuit_state',
    help: 'Circuit of each service: 0 closed, 1 half-open, 2 open (register taken as down)',
    labelNames: ['service'],
    registers,
  });
  return {
    observe(service, result, seconds, requestBytes, responseBytes) {
      latency.observe({ service, result }, seconds);
      calls.inc({ service, result });
      bytes.inc({ service, direction: 'out' }, requestBytes);
      bytes.inc({ service, direction: 'in' }, responseBytes);
    },
    circuit(service, state) {
      circuit.set({ service }, CIRCUIT_VALUE[state]);
    },
  };
}
