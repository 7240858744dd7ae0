// Hostile input: each attack is refused with a 4xx or a GraphQL error that says why, in well
// under a second, never a 5xx or a masked "Unexpected error", and the app answers normally after.

import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/yoga.js';
import { countingStore, curatedStore, query } from '../support/app.js';
import { base64, deepArrayJson, ENDPOINT, expectRefused, expectSpecShaped, post, repeat, send, type Attempt } from './support.js';

const app = createApp({ store: curatedStore(), graphiql: false });
const BIG_BIRD = '{ paper(arxivId: "2007.14062") { title } }';

afterEach(async () => {
  // Whatever came before, an ordinary query still gets its ordinary answer.
  expect((await query(app, BIG_BIRD)).paper.title).toBe('Big Bird: Transformers for Longer Sequences');
});

const nested = (levels: number, field: string, leaf = 'id') =>
  `{ paper(arxivId: "2007.14062") { ${`${field} { edges { node { `.repeat(levels)}${leaf}${' } } }'.repeat(levels)} } }`;
const chunked = (text: string): ReadableStream<Uint8Array> => {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
      controller.close();
    },
  });
};

describe('documents that would cost too much to parse, validate or run', () => {
  const cases: [string, Attempt, number, RegExp][] = [
    ['alias flood: 31 aliases', post(`{ ${repeat(31, (i) => `a${i}: __typename`)} }`), 400, /^Aliases limit of 30 exceeded, found 31/],
    [
      'alias flood: 1,000 aliases',
      post(`{ ${repeat(1000, (i) => `a${i}: __typename`)} }`),
      400,
      /^Query selects too many fields: 1000, the most is 150/,
    ],
    [
      'field flood: 3,000 fields in one selection',
      post(`{ paper(arxivId: "2007.14062") { ${repeat(3000, () => 'title')} } }`),
      400,
      /too many fields: 3001, the most is 150/,
    ],
    [
      'field flood at the limit: 74 conflicting fields (quadratic validation)',
      post(`{ paper(arxivId: "2007.14062") { ${repeat(74, (i) => `references(first: ${i + 1}) { totalCount }`)} } }`),
      400,
      /conflict because they have differing arguments/,
    ],
    [
      'deep nesting: 6 levels of citedBy(first: 1)',
      post(nested(6, 'citedBy(first: 1)')),
      400,
      /^Query is too deep: 20 levels, the most is 15/,
    ],
    ['deep nesting: 45 levels', post(nested(45, 'references(first: 1)')), 400, /^Query is too deep: 137 levels, the most is 15/],
    [
      'wide nesting: 100 × 100 × 100',
      post(
        '{ papers(first: 100) { edges { node { references(first: 100) { edges { node { citedBy(first: 100) { edges { node { id title } } } } } } } } } }',
      ),
      400,
      /^Query is too expensive: its computed cost is \d+, the budget is 500000/,
    ],
    [
      'fragment cycle',
      post('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
      400,
      /Cannot spread fragment "A" within itself via "B"/,
    ],
    [
      'fragment spreading itself through a field',
      post('{ paper(arxivId: "2007.14062") { ...R } } fragment R on Paper { references { edges { node { ...R } } } }'),
      400,
      /Cannot spread fragment "R" within itself/,
    ],
    [
      'directive flood: 51 directives',
      post(`{ __typename ${repeat(51, () => '@include(if: true)')} }`),
      400,
      /^Directives limit of 50 exceeded, found 51/,
    ],
    ['token flood: 6,000 tokens', post(`{ ${repeat(6000, () => '__typename')} }`), 400, /^Token limit of 5000 exceeded/],
    [
      'a subscription to no such field',
      post('subscription { papers { totalCount } }'),
      400,
      /Cannot query field "papers" on type "Subscription"/,
    ],
    [
      'a mutation that does not exist',
      post('mutation { deletePaper(id: "x") }'),
      400,
      /Cannot query field "deletePaper" on type "Mutation"/,
    ],
  ];
  for (const [name, attempt, status, message] of cases) {
    it(name, async () => expectRefused(await send(app, attempt), status, message));
  }

  it("the attacker's nested citedBy at depth 6 with first: 100 is refused before execution, with its cost", async () => {
    const counted = countingStore(curatedStore());
    const guarded = createApp({ store: counted.store, graphiql: false });
    let selection = 'title';
    for (let level = 0; level < 6; level++) selection = `citedBy(first: 100) { edges { node { ${selection} } } }`;
    const answer = await send(guarded, post(`{ paper(arxivId: "1706.03762") { ${selection} } }`));
    expectRefused(answer, 400, /^Query is too expensive: its computed cost is \d+, the budget is 500000\. Ask for smaller pages/);
    const cost = Number(answer.body.errors![0].extensions!.cost);
    expect(cost).toBeGreaterThan(100 ** 6);
    expect(answer.body.errors![0].message).toContain(String(cost));
    expect(answer.body.data ?? null).toBeNull();
    expect(counted.calls.size).toBe(0);
  });
});

describe('bodies and variables', () => {
  const cases: [string, () => Attempt, number | null, RegExp][] = [
    [
      'huge variables: a 5 MB object',
      () => post(BIG_BIRD, { junk: { text: 'x'.repeat(5_000_000) } }),
      413,
      /^Request body is \d+ bytes; the most accepted is 100000/,
    ],
    [
      'oversized body, declared by content-length',
      () => post(`{ __typename } # ${'x'.repeat(150_000)}`),
      413,
      /^Request body is 1500\d\d bytes/,
    ],
    [
      'oversized body, chunked without a content-length',
      () => ({ body: chunked(JSON.stringify({ query: BIG_BIRD, variables: { x: 'y'.repeat(2_000_000) } })) }),
      413,
      /^Request body too large/,
    ],
    [
      'deeply nested variables: a 10,000-deep array for [ID!]!',
      () => ({ body: `{"query":"query($ids: [ID!]!) { nodes(ids: $ids) { id } }","variables":{"ids":${deepArrayJson(10_000)}}}` }),
      null,
      /Variable "\$ids" got invalid value/,
    ],
    [
      'deeply nested variables: a 10,000-deep object for a String',
      () => ({
        body: `{"query":"query($t: String) { papers(where: { titleContains: $t }) { totalCount } }","variables":{"t":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`,
      }),
      null,
      /Variable "\$t" got invalid value/,
    ],
    ['malformed JSON', () => ({ body: '{"query": "{ __typename }"' }), 400, /^POST body sent invalid JSON/],
    ['JSON that is not an object', () => ({ body: '"{ __typename }"' }), 400, /POST body is expected to be object/],
    [
      'variables that are not an object',
      () => ({ body: '{"query": "{ __typename }", "variables": [1, 2]}' }),
      400,
      /"variables" param to be empty or an object/,
    ],
    ['no query at all', () => ({ body: '{"variables": {}}' }), 400, /^Must provide query string/],
    [
      'wrong variable type: a string for Int',
      () => post('query($n: Int) { papers(first: $n) { totalCount } }', { n: 'ten' }),
      null,
      /Int cannot represent non-integer value: "ten"/,
    ],
    [
      'wrong variable type: a number for an input object',
      () => post('query($w: PaperWhere) { papers(where: $w) { totalCount } }', { w: 5 }),
      null,
      /Variable "\$w" got invalid value 5/,
    ],
    [
      'wrong argument type inline',
      () => post('{ papers(first: "ten") { totalCount } }'),
      400,
      /Int cannot represent non-integer value: "ten"/,
    ],
    [
      'an out-of-range page size',
      () => post('{ papers(first: 100000) { totalCount } }'),
      null,
      /"first" must be between 1 and 100, got 100000/,
    ],
    [
      'a page size past 32 bits',
      () => post('{ papers(first: 99999999999) { totalCount } }'),
      400,
      /Int cannot represent non 32-bit signed integer value/,
    ],
    [
      'an unknown enum value',
      () => post('{ papers(orderBy: [{ field: SALARY }]) { totalCount } }'),
      400,
      /Value "SALARY" does not exist in "PaperOrderField" enum/,
    ],
  ];
  for (const [name, attempt, status, message] of cases) {
    it(name, async () => expectRefused(await send(app, attempt()), status, message));
  }
});

describe('malformed global ids, cursors and unicode junk', () => {
  const badIds = [
    '',
    'x',
    'a'.repeat(50_000),
    '💥🦄',
    'nul\u0000byte',
    '\ud800',
    base64('foo:bar'),
    base64('Paper:'),
    base64(`Paper:${'\u0000'.repeat(10)}`),
    `${base64('Paper:1')}==`,
  ];
  for (const [i, id] of badIds.entries()) {
    it(`global id #${i} (${JSON.stringify(id.slice(0, 20))}${id.length > 20 ? `…, ${id.length} chars` : ''}) is refused or not found`, async () => {
      for (const text of [
        'query($id: ID!) { node(id: $id) { id } }',
        'query($id: ID!) { paper(id: $id) { id } }',
        'query($id: ID!) { neighborhood(id: $id) { nodes { id } } }',
      ]) {
        const answer = await send(app, post(text, { id }));
        expect(answer.status).toBeLessThan(500);
        expect(answer.ms).toBeLessThan(1000);
        expectSpecShaped(answer);
        const data = answer.body.data as Record<string, unknown> | null | undefined;
        // Well-formed but no such node: null, or the empty neighbourhood.
        if (!answer.body.errors) expect([null, { nodes: [] }]).toContainEqual(Object.values(data ?? {})[0]);
        for (const error of answer.body.errors ?? []) expect(error.message.length).toBeLessThan(400); // the input is not echoed whole
      }
    });
  }

  const badCursors = [
    '',
    'x',
    '💥',
    '\u0000',
    'A'.repeat(60_000),
    base64('offset:-1'),
    base64('offset:1e400'),
    base64('offset:99999999999999999999'),
    base64('cursor:5'),
  ];
  for (const [i, cursor] of badCursors.entries()) {
    it(`cursor #${i} (${JSON.stringify(cursor.slice(0, 20))}) is refused with a clear error`, async () => {
      for (const arg of ['after', 'before']) {
        const answer = await send(app, post(`query($c: String) { papers(${arg}: $c) { totalCount } }`, { c: cursor }));
        expectRefused(answer, null, new RegExp(`^Invalid cursor in "${arg}"`));
        expect(answer.body.errors![0].message.length).toBeLessThan(200);
      }
    });
  }

  it('unicode junk in strings is answered, not a crash', async () => {
    for (const junk of ['💥\u0000\u202e𝕏', '\ud800\udfff\ud800', 'ﷺ'.repeat(2000), '\u0000'.repeat(100), 'Ω≈ç√∫˜µ≤≥÷']) {
      for (const text of [
        'query($q: String!) { search(query: $q) { totalCount } }',
        'query($q: String) { papers(where: { titleContains: $q }) { totalCount } }',
        'query($q: String) { concept(slug: $q) { id } }',
      ]) {
        const answer = await send(app, post(text, { q: junk }));
        expect(answer.status).toBeLessThan(500);
        expectSpecShaped(answer);
      }
    }
  });

  it('unicode junk in names is a syntax error, and an unknown operation name is refused', async () => {
    expectRefused(await send(app, post('{ pa💥per { id } }')), 400, /^Syntax Error: Unexpected character: U\+1F4A5/);
    expectRefused(await send(app, post('query Ωmega { __typename }')), 400, /^Syntax Error/);
    expectRefused(
      await send(app, post('query A { __typename } query B { __typename }', undefined, { operationName: '💥\u0000' })),
      400,
      /Could not determine what operation to execute|Unknown operation named/,
    );
  });
});

describe('HTTP: methods, CSRF and batches', () => {
  const get = (text: string, headers: Record<string, string> = {}): Attempt => ({
    method: 'GET',
    url: `${ENDPOINT}?query=${encodeURIComponent(text)}`,
    headers,
  });

  it('a GET without a CSRF header is answered: it can only run a query', async () => {
    expect((await send(app, get('{ __typename }'))).body).toMatchObject({ data: { __typename: 'Query' } });
  });
  it('a text/plain POST (a cross-site form or beacon) is 403', async () => {
    expectRefused(
      await send(app, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) }),
      403,
      /CSRF/,
    );
  });
  it('a form-encoded POST is 403', async () => {
    expectRefused(
      await send(app, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }),
      403,
      /CSRF/,
    );
  });
  it('a mutation over GET is 405 (and there are no mutations anyway)', async () => {
    const answer = await send(app, get('mutation { __typename }', { 'x-graphql-yoga-csrf': '1' }));
    expectRefused(answer, 405, /^Can only perform a mutation operation from a POST request/);
  });
  it('a GET with the CSRF header is answered', async () => {
    const answer = await send(app, get('{ __typename }', { 'x-graphql-yoga-csrf': '1' }));
    expect(answer.body).toMatchObject({ data: { __typename: 'Query' } });
  });
  it('a batch over the limit is refused whole', async () => {
    const batch = JSON.stringify(Array.from({ length: 11 }, () => ({ query: BIG_BIRD })));
    expectRefused(await send(app, { body: batch }), 413, /^Batching is limited to 10 operations per request/);
  });
  it('a batch within the limit is answered, each operation on its own merits', async () => {
    const batch = JSON.stringify([
      { query: BIG_BIRD },
      {
        query:
          '{ papers(first: 100) { edges { node { references(first: 100) { edges { node { citedBy(first: 100) { totalCount } } } } } } } }',
      },
    ]);
    const response = await app.fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch });
    expect(response.status).toBeLessThan(500);
    const [ok, refused] = await response.json();
    expect(ok.data.paper.title).toBe('Big Bird: Transformers for Longer Sequences');
    expect(refused.errors[0].message).toMatch(/^Query is too expensive/);
  });
});

describe('methods and media types', () => {
  for (const method of ['TRACE', 'DELETE', 'PUT', 'PATCH']) {
    it(`${method} is 405 with the methods that are served in Allow`, async () => {
      const answer = await send(app, { method, headers: { 'x-graphql-yoga-csrf': '1' } });
      expectRefused(answer, 405, new RegExp(`^Method ${method} is not allowed`));
      expect(answer.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    });
  }
  it('media types are compared case-insensitively (APPLICATION/JSON, an upper-case Accept)', async () => {
    const answer = await send(app, {
      headers: { 'content-type': 'APPLICATION/JSON; charset=UTF-8', accept: 'Application/GraphQL-Response+JSON' },
      body: JSON.stringify({ query: BIG_BIRD }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(answer.body).toMatchObject({ data: { paper: { title: 'Big Bird: Transformers for Longer Sequences' } } });
  });
  it('an oversized multipart body is 413, declared or chunked', async () => {
    const boundary = 'XyZ';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: BIG_BIRD, variables: { x: 'y'.repeat(200_000) } })}\r\n--${boundary}--\r\n`;
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-graphql-yoga-csrf': '1' };
    expectRefused(
      await send(app, { headers: { ...headers, 'content-length': String(Buffer.byteLength(part)) }, body: part }),
      413,
      /^Request body is \d+ bytes/,
    );
    expectRefused(await send(app, { headers, body: chunked(part) }), 413, /^Request body too large/);
  });
});
