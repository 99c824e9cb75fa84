// Issue 15, item 8: SIGTERM under keep-alive load drains instead of serving on until the timeout.
import { Agent, request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testServer } from './support/server.js';

const pixels = JSON.stringify({
  pixels: Array.from({ length: 784 }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 255 : 0)),
});

/** One POST /api/predict on `agent`: status, Connection header, or the error. */
function predict(
  port: number,
  agent: Agent,
): Promise<{ status: number; connection: string | undefined } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/api/predict',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': pixels.length },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
        );
        res.on('error', (err) => resolve({ error: err.message }));
      },
    );
    req.on('error', (err) =>
      resolve({ error: `${(err as { code?: string }).code} ${err.message}` }),
    );
    req.end(pixels);
  });
}

test('8. close() under keep-alive load: Connection: close, every request answered, done well before the timeout', async () => {
  const s = await testServer({ shutdownTimeoutMs: 20_000 });
  let stop = false;
  const results: { status?: number; error?: string }[] = [];
  // Eight clients, each on one keep-alive connection, sending requests back to back until the
  // server says the connection closes (or 40 s pass).
  // Shutdown starts once every client has had an answer, so all eight connections are accepted
  // (a connection still in the listen backlog when listening stops is reset by the kernel).
  const answered = new Set<number>();
  const clients = Array.from({ length: 8 }, async (_, client) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const deadline = Date.now() + 40_000;
    let sawClose = false;
    while (!stop && Date.now() < deadline) {
      const r = await predict(s.port, agent);
      results.push(r);
      answered.add(client);
      if ('error' in r) break;
      if (r.connection === 'close') {
        sawClose = true;
        break;
      }
    }
    agent.destroy();
    return sawClose;
  });
  while (answered.size < 8) await new Promise((r) => setTimeout(r, 20));
  const start = performance.now();
  await s.close();
  const ms = performance.now() - start;
  stop = true;
  const sawClose = await Promise.all(clients);
  const errors = results.filter((r) => 'error' in r);
  assert.equal(errors, [], 'no request was reset or refused');
  assert.ok(
    results.every((r) => r.status === 200),
    'every request got its answer',
  );
  assert.ok(sawClose.every(Boolean), 'each client was told the connection closes');
  assert.ok(ms < 10_000, `close() took ${Math.round(ms)} ms with a 20000 ms timeout`);
  assert.ok(
    s.lines.every((l) => !/still open after/.test(l)),
    'no connection was force-closed',
  );
});

test.run();
