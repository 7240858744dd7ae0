// What the security tests share: one request through app.fetch, timed, and the invariant every
// refusal keeps (a 4xx or a GraphQL error, spec-shaped JSON, no 5xx, no masked bug, quick).

import { expect } from 'vitest';
import type { PapergraphApp } from '../../src/api/yoga.js';

export const ENDPOINT = 'http://papergraph.test/graphql';

export interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
  ms: number;
}

export interface Attempt {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** A JSON POST of a GraphQL request (the default attempt). */
export const post = (query: string, variables?: unknown, extra: Record<string, unknown> = {}): Attempt => ({
  body: JSON.stringify({ query, variables, ...extra }),
});

export async function send(app: PapergraphApp, attempt: Attempt): Promise<Answer> {
  const started = performance.now();
  const init: RequestInit & { duplex?: string } = {
    method: attempt.method ?? 'POST',
    // A browser's cross-site GET sends no content-type: only bodies get the JSON one by default.
    headers: {
      ...(attempt.body === undefined ? {} : { 'content-type': 'application/json' }),
      accept: 'application/graphql-response+json',
      ...attempt.headers,
    },
    body: attempt.body,
  };
  if (attempt.body instanceof ReadableStream) init.duplex = 'half';
  const response = await app.fetch(attempt.url ?? ENDPOINT, init);
  const text = await response.text();
  const ms = performance.now() - started;
  let body: Answer['body'];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`status ${response.status}: not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body, ms };
}

/** A refusal: a 4xx or a GraphQL error in a 200, stated in spec-shaped JSON, in well under a second. */
export function expectRefused(answer: Answer, status: number | null, message: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBeLessThan(500);
  expect(answer.ms).toBeLessThan(1000);
  expectSpecShaped(answer);
  expect(answer.body.errors?.length, 'an error says why').toBeGreaterThan(0);
  if (status !== null) expect(answer.status).toBe(status);
  expect(answer.body.errors![0].message).toMatch(message);
}

/** GraphQL-over-HTTP response shape: data and/or errors, each error with a message; no masked bug. */
export function expectSpecShaped(answer: Answer): void {
  const { body } = answer;
  expect(typeof body).toBe('object');
  expect('data' in body || 'errors' in body).toBe(true);
  for (const key of Object.keys(body)) expect(['data', 'errors', 'extensions']).toContain(key);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors) {
      expect(typeof error.message).toBe('string');
      expect(error.message).not.toMatch(/Unexpected error/);
    }
  }
}

export const repeat = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(' ');

/** A JSON array nested `depth` deep, as text (JSON.stringify itself would overflow the stack). */
export const deepArrayJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

export const base64 = (text: string) => Buffer.from(text).toString('base64');
