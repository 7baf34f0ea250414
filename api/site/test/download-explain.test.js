// The page's calls to POST /v1/explain: batches in order, only facts, waits when asked to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExplainError, explainAll } from '../static/js/download/explain-client.js';

const items = Array.from({ length: 7 }, (_, i) => ({
  platform: 'instagram', kind: i % 2 ? 'comment' : 'story', created_at: `2024-03-0${i + 1}`, year: 2024, audience: 'unknown',
}));

function service({ refuseFirst = 0 } = {}) {
  const calls = [];
  let refusals = refuseFirst;
  const fetchImpl = async (url, init) => {
    const body = JSON.parse(init.body);
    calls.push({ url, body });
    if (refusals-- > 0) return new Response('{}', { status: 429, headers: { 'Retry-After': '0' } });
    const results = body.items.map((item) => ({ id: item.id, verdict: item.kind === 'story' ? 'included' : 'uncertain', flip: [] }));
    return Response.json({ policy: { id: 'p', title: 'P' }, results });
  };
  return { calls, fetchImpl };
}

test('answers come back in item order across batches, and only the facts are sent', async () => {
  const { calls, fetchImpl } = service();
  const batches = [];

  const results = await explainAll(items, {
    answers: { region: 'DE', ageBand: 'adult' }, account: { instagram: { private: true } }, language: 'en',
    fetchImpl, maxItems: 3, onBatch: (done, total) => batches.push([done, total]),
  });

  assert.deepEqual(results.map((r) => r.verdict), items.map((i) => (i.kind === 'story' ? 'included' : 'uncertain')));
  assert.equal(calls.length, 3);
  assert.deepEqual(batches.at(-1), [3, 3]);
  for (const { url, body } of calls) {
    assert.equal(url, '/v1/explain');
    assert.deepEqual(Object.keys(body).sort(), ['items', 'region']);
    for (const item of body.items) {
      assert.deepEqual(Object.keys(item).sort(), ['audience', 'author', 'author_age', 'created_at', 'id', 'kind', 'platform']);
    }
  }
});

test('a 429 waits for Retry-After and the batch is sent again', async () => {
  const { calls, fetchImpl } = service({ refuseFirst: 1 });
  const waits = [];

  const results = await explainAll(items.slice(0, 2), { answers: {}, account: {}, language: 'en', fetchImpl, onWait: (s) => waits.push(s) });

  assert.equal(results.length, 2);
  assert.equal(calls.length, 2);
  assert.equal(waits.length, 1);
});

test('a refusal other than 429 is an error with the service\'s detail; a network failure is "offline"', async () => {
  const refused = async () => Response.json({ detail: 'as_of must be on or after 2023-09-27' }, { status: 422 });
  await assert.rejects(explainAll(items, { answers: {}, account: {}, language: 'en', fetchImpl: refused }),
    (error) => error instanceof ExplainError && error.code === 'service' && /2023-09-27/.test(error.detail));
  const offline = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(explainAll(items, { answers: {}, account: {}, language: 'en', fetchImpl: offline }),
    (error) => error instanceof ExplainError && error.code === 'offline');
});

test('cancelling stops the asking', async () => {
  const controller = new AbortController();
  const { fetchImpl } = service();
  const slow = async (url, init) => {
    controller.abort();
    return fetchImpl(url, init);
  };
  await assert.rejects(explainAll(items, { answers: {}, account: {}, language: 'en', fetchImpl: slow, signal: controller.signal, maxItems: 2 }));
});
