// POST JSON from a chosen local address, for the specs that play other clients: other loopback
// addresses (127.0.0.2, ...) are other clients, since the server sees the socket's peer and never a
// header the client writes. Timed from send to the last byte.
import { request as httpRequest } from 'node:http';

export interface PostAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
  code: string | undefined;
  message: string | undefined;
  /** `Retry-After` in seconds (NaN when absent). */
  retryAfter: number;
  /** The response's Set-Cookie headers, as sent. */
  setCookie: string[];
  ms: number;
}

export function postFrom(
  baseURL: string | undefined,
  localAddress: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<PostAnswer> {
  const url = new URL(path, baseURL);
  const payload = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const parsed = JSON.parse(text || '{}') as PostAnswer['body'];
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            code: parsed.error?.code,
            message: parsed.error?.message,
            retryAfter: Number(res.headers['retry-after'] ?? Number.NaN),
            setCookie: res.headers['set-cookie'] ?? [],
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
