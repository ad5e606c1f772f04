/**
 * Reads a JSON request body under a byte cap. An oversized body is refused as soon as it is known to
 * be too big (from `Content-Length`, or while streaming when it is chunked), and is never buffered
 * whole.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; code: 'bad_json' | 'payload_too_large'; message: string };

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const tooLarge: BodyResult = {
    ok: false,
    status: 413,
    code: 'payload_too_large',
    message: `request body exceeds ${maxBytes} bytes`,
  };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve(tooLarge);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Stop reading: the caller answers 413 and closes the connection.
        req.pause();
        settle(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text.trim() === '') return settle({ ok: true, value: undefined });
      try {
        settle({ ok: true, value: JSON.parse(text) as unknown });
      } catch (err) {
        settle({
          ok: false,
          status: 400,
          code: 'bad_json',
          message: `body is not valid JSON: ${(err as Error).message}`,
        });
      }
    });
    req.once('error', () =>
      settle({ ok: false, status: 400, code: 'bad_json', message: 'the request body could not be read' }),
    );
    req.once('aborted', () =>
      settle({
        ok: false,
        status: 400,
        code: 'bad_json',
        message: 'the request was aborted before its body ended',
      }),
    );
  });
}
