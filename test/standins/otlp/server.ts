/**
 * A local OpenTelemetry collector for tests: the OTLP/HTTP trace receiver of the OTLP
 * specification (opentelemetry-proto, "OTLP/HTTP"), JSON encoding. `POST /v1/traces` with
 * `Content-Type: application/json` (optionally `Content-Encoding: gzip`) carries an
 * ExportTraceServiceRequest; it is answered 200 with an empty ExportTraceServiceResponse, a body
 * that is not one with 400, another content type (binary protobuf) with 415, other paths with
 * 404. The spans received are kept, flattened, with their resource's and attributes' values
 * decoded from OTLP's AnyValue.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: string;
  status: { code?: number; message?: string };
}

export interface OtlpStandIn {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  readonly spans: readonly ReceivedSpan[];
  /** How many export requests were refused (400 or 415). */
  readonly refused: number;
  close(): Promise<void>;
}

function decode(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('bytesValue' in value) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(decode);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, decode(kv.value)]));
}

interface ExportTraceServiceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      scope?: { name?: string };
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: KeyValue[];
        status?: { code?: number; message?: string };
      }>;
    }>;
  }>;
}

function spansOf(request: ExportTraceServiceRequest): ReceivedSpan[] {
  if (!Array.isArray(request.resourceSpans)) throw new Error('resourceSpans missing');
  return request.resourceSpans.flatMap((rs) => {
    const resource = attributesOf(rs.resource?.attributes);
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => {
        // OTLP/JSON: trace and span ids are hex strings, not base64.
        if (!/^[0-9a-f]{32}$/.test(s.traceId) || !/^[0-9a-f]{16}$/.test(s.spanId)) throw new Error('bad ids');
        return {
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          name: s.name,
          kind: s.kind ?? 0,
          attributes: attributesOf(s.attributes),
          resource,
          scope: ss.scope?.name ?? '',
          status: s.status ?? {},
        };
      }),
    );
  });
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

export async function startOtlpStandIn(): Promise<OtlpStandIn> {
  const spans: ReceivedSpan[] = [];
  let refused = 0;
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim();
    const body = await bodyOf(req);
    if (type !== 'application/json') {
      refused++;
      res.writeHead(415, { 'content-type': 'application/json' }).end('{"code":3,"message":"JSON only"}');
      return;
    }
    try {
      spans.push(...spansOf(JSON.parse(body.toString('utf8')) as ExportTraceServiceRequest));
    } catch (err) {
      refused++;
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 3, message: String(err) }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
