// The HTTP front of the real server: malformed request targets get a logged 400 without a stack,
// slow clients are cut by the header and request timeouts, and one address cannot hold more than
// its share of connections.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, spawnServer, type Spawned } from './spawn.js';

let server: Spawned;
beforeAll(async () => {
  // One process: the connection caps are per process (with --workers N each worker counts its own).
  server = await spawnServer({ PAPERGRAPH_PROFILE: 'production', PAPERGRAPH_WORKERS: '1', PAPERGRAPH_MAX_CONNECTIONS_PER_CLIENT: '50' });
});
afterAll(() => server?.kill());

const logLines = () => server.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

describe('malformed requests', () => {
  const cases: [string, string][] = [
    ['absolute-form target', 'GET http://x/graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    [
      'absolute-form target, POST',
      'POST http://x/graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{"query":"{__typename}"}',
    ],
    ['asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['a Host the adapter cannot make a URL of', 'GET /graphql HTTP/1.1\r\nHost: [bad\r\n\r\n'],
    ['a Host with a port out of range', 'GET /health HTTP/1.1\r\nHost: x:99999\r\n\r\n'],
  ];
  for (const [name, request] of cases) {
    it(`${name}: 400, JSON without a stack, connection closed, logged`, async () => {
      const before = logLines().length;
      const { text, closedAfterMs } = await raw(server.port, request);
      expect(statusOf(text), text).toBe(400);
      expect(JSON.parse(bodyOf(text)).errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(text).not.toMatch(/node_modules|at new URL|TypeError/);
      expect(closedAfterMs).not.toBeNull();
      await expect
        .poll(() =>
          logLines()
            .slice(before)
            .find((l) => l.event === 'bad-request'),
        )
        .toMatchObject({ status: 400, client: '127.0.0.1' });
    });
  }
});

describe('slow clients', () => {
  it('one address holds at most its cap of connections; the rest get a 503; others are still served; stalled ones are cut by the timeouts', async () => {
    const sockets: Socket[] = [];
    const refused: Promise<string>[] = [];
    const closedAt: Promise<number>[] = [];
    const started = performance.now();
    // 80 slowloris connections from 127.0.0.1: a request line and one header, then nothing.
    for (let i = 0; i < 80; i++) {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => (text += c));
      closedAt.push(new Promise((resolve) => socket.on('close', () => resolve(performance.now() - started))));
      refused.push(new Promise((resolve) => socket.on('close', () => resolve(text))));
      socket.write('GET /health HTTP/1.1\r\nX-a: b\r\n');
      sockets.push(socket);
    }
    // A body declared 1,000 bytes with 10 sent, from another address.
    const body = connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    body.on('error', () => {});
    let bodyAnswer = '';
    body.setEncoding('utf8').on('data', (c: string) => (bodyAnswer += c));
    const bodyClosed = new Promise<number>((resolve) => body.on('close', () => resolve(performance.now() - started)));
    body.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"');

    // Another address is served at once while they hang.
    const normal = await raw(server.port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 5000, '127.0.0.3');
    expect(statusOf(normal.text)).toBe(200);

    const answers = await Promise.all(refused);
    const overCap = answers.filter((t) => statusOf(t) === 503);
    expect(overCap.length).toBe(30);
    expect(JSON.parse(bodyOf(overCap[0])).errors[0].message).toMatch(/Too many open connections/);
    // The 50 held ones: a 408 once the header timeout (5 s, checked every second) is past.
    const timedOut = answers.filter((t) => statusOf(t) === 408);
    expect(timedOut.length).toBe(50);
    const held = (await Promise.all(closedAt)).sort((a, b) => a - b);
    expect(held.at(-1)).toBeLessThan(8_000);
    // The stalled body: 408 after the request timeout (10 s).
    expect(await bodyClosed).toBeLessThan(13_000);
    expect(statusOf(bodyAnswer)).toBe(408);
    expect(logLines().filter((l) => l.event === 'connection-refused').length).toBeGreaterThanOrEqual(30);
    sockets.forEach((s) => s.destroy());
  }, 30_000);
});
