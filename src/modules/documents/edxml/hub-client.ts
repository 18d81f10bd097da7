/**
 * The national document hub (trục liên thông văn bản quốc gia, through the provincial LGSP)
 * behind one interface, and its HTTP client following the VPCP XRoad SDK's protocol
 * (DOMAIN.md §6.3; hub-signing.ts): POST {endpoint}/sendEdoc with the package as the body,
 * /getReceivedEdocList, /getEdoc and /updateStatus with their parameters as signed headers;
 * answers are JSON {status, ErrorCode, ErrorDesc, …}, ErrorCode "0" meaning success.
 */
import { DeliveryError } from '../../../platform/notify/errors.ts';
import { packageHash, sdkTimestamp, signedHeaders } from './hub-signing.ts';
import { MAX_PACKAGE_BYTES } from './parse-edxml.ts';

/** `edoc`: a document package; `status`: a status package (DOMAIN.md §6.3). */
type HubMessageType = 'edoc' | 'status';

interface HubListing {
  /** The hub's id of the package (not the edXML DocumentId). */
  docId: string;
  messageType: HubMessageType;
  from: string;
  createdTime?: string;
}

export interface DocumentHub {
  /** Sends a package; returns the hub's id for it. */
  send(xml: string, messageType: HubMessageType): Promise<{ docId: string }>;
  /** Packages addressed to this agency that it has not yet marked done. */
  listReceived(messageType: HubMessageType): Promise<HubListing[]>;
  /** The package's XML text. */
  get(docId: string): Promise<string>;
  /** "done" once the package is stored (the hub stops listing it); "fail" when it cannot be read. */
  updateStatus(docId: string, status: 'done' | 'fail'): Promise<void>;
}

export interface HubClientOptions {
  /** The adapter's base URL, e.g. https://lgsp.example.gov.vn/vxp. */
  endpoint: string;
  /** The agency's code on the hub (SystemId). */
  systemId: string;
  secretKey: string;
  timeoutMs?: number;
  now?: () => Date;
}

interface HubAnswer {
  status?: string;
  ErrorCode?: string;
  ErrorDesc?: string;
  DocId?: string;
  data?: unknown;
}

/** A failure the hub itself answered (a refused package): retrying the same request cannot help. */
export class HubRefusal extends DeliveryError {
  constructor(
    readonly operation: string,
    readonly errorCode: string,
    description: string,
  ) {
    super(`hub ${operation} refused: ${errorCode} ${description}`.slice(0, 500), false);
    this.name = 'HubRefusal';
  }
}

export function createHubClient(options: HubClientOptions): DocumentHub {
  const base = options.endpoint.replace(/\/+$/u, '');
  const now = options.now ?? (() => new Date());

  async function call(operation: string, logical: Array<[string, string]>, body?: string): Promise<HubAnswer> {
    const headers = signedHeaders(
      [['systemid', options.systemId], ['timestamp', sdkTimestamp(now())], ...logical],
      options.secretKey,
    );
    let response: Response;
    try {
      response = await fetch(`${base}/${operation}`, {
        method: 'POST',
        headers: { ...headers, 'User-Agent': 'MoCua/1.0 XRoad/VPCP' },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new DeliveryError(`hub ${operation} unreachable`, true, { cause: err });
    }
    const text = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw new DeliveryError(`hub ${operation} answered HTTP ${response.status}`, true);
    }
    let answer: HubAnswer;
    try {
      answer = JSON.parse(text) as HubAnswer;
    } catch {
      throw new DeliveryError(`hub ${operation} answered HTTP ${response.status} without JSON`, true);
    }
    if (answer.ErrorCode !== '0' || answer.status === 'FAIL') {
      throw new HubRefusal(operation, String(answer.ErrorCode ?? response.status), String(answer.ErrorDesc ?? ''));
    }
    return answer;
  }

  return {
    async send(xml, messageType) {
      // The body is the package's UTF-8 bytes, as hashed for hash-file.
      const answer = await call(
        'sendEdoc',
        [
          ['Content-Type', 'application/octet-stream'],
          ['from', options.systemId],
          ['servicetype', 'eDoc'],
          ['messagetype', messageType],
          ['hash-file', packageHash(Buffer.from(xml, 'utf8'))],
        ],
        xml,
      );
      if (!answer.DocId) throw new DeliveryError('hub sendEdoc answered without DocId', true);
      return { docId: answer.DocId };
    },
    async listReceived(messageType) {
      const answer = await call('getReceivedEdocList', [
        ['Content-Type', 'application/json'],
        ['servicetype', 'eDoc'],
        ['messagetype', messageType],
      ]);
      const data = Array.isArray(answer.data) ? (answer.data as Array<Record<string, unknown>>) : [];
      return data.flatMap((item) =>
        typeof item.docId === 'string'
          ? [
              {
                docId: item.docId,
                messageType: item.messageType === 'status' ? 'status' : 'edoc',
                from: typeof item.from === 'string' ? item.from : '',
                ...(typeof item.created_time === 'string' ? { createdTime: item.created_time } : {}),
              } satisfies HubListing,
            ]
          : [],
      );
    },
    async get(docId) {
      const answer = await call('getEdoc', [
        ['Content-Type', 'application/json'],
        ['docId', docId],
      ]);
      if (typeof answer.data !== 'string') throw new DeliveryError('hub getEdoc answered without data', true);
      const xml = Buffer.from(answer.data, 'base64');
      if (xml.length > MAX_PACKAGE_BYTES) throw new HubRefusal('getEdoc', 'size', 'package too large');
      return xml.toString('utf8');
    },
    async updateStatus(docId, status) {
      await call('updateStatus', [
        ['Content-Type', 'application/json'],
        ['status', status],
        ['docId', docId],
      ]);
    },
  };
}
