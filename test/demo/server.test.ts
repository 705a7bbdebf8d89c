import {afterEach, describe, expect, it} from 'vitest';
import {request} from 'undici';
import {startDemoServer, type DemoServer} from '../../src/demo/server.js';

let server: DemoServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const get = async (path: string, token?: string) => {
  const r = await request(server!.url + path, {headers: token ? {authorization: `Bearer ${token}`} : {}});
  const text = await r.body.text();
  return {status: r.statusCode, headers: r.headers, text, body: (() => { try { return JSON.parse(text); } catch { return null; } })()};
};
const MAP = '/api/v1/analytics/realtime/map';

describe('demo API server', () => {
  it('requires a bearer token and answers with the error envelope', async () => {
    server = await startDemoServer({seed: 1});
    expect(await get(MAP)).toMatchObject({status: 401, body: {status: 'error', error: {code: 401}}});
    expect(await get(MAP, 'nonsense')).toMatchObject({status: 401});
  });

  it('dft_ tokens need a websiteId; a bad id is not found', async () => {
    server = await startDemoServer({seed: 1});
    expect((await get(MAP, 'dft_x')).status).toBe(400);
    expect((await get(MAP + '?websiteId=nope', 'dft_x')).status).toBe(404);
    expect((await get(MAP + '?websiteId=665f0b3c4d2e1a0012345678', 'dft_x')).status).toBe(200);
  });

  it('serves the realtime map in the chosen shape', async () => {
    server = await startDemoServer({seed: 1, shape: 'strings'});
    const r = await get(MAP, 'df_demo');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('success');
    expect(r.body.data.count).toBe(r.body.data.visitors.length);
    expect(typeof r.body.data.visitors[0].system.browser).toBe('string');
  });

  it('injects faults by request number', async () => {
    const faults = ['429', 'html502', 'malformed', 'ok'] as const;
    server = await startDemoServer({seed: 1, fault: (n) => faults[n % faults.length], retryAfterSeconds: 3});
    const a = await get(MAP, 'df_demo');
    expect([a.status, a.headers['retry-after'], a.body.error.code]).toEqual([429, '3', 429]);
    const b = await get(MAP, 'df_demo');
    expect([b.status, b.text.startsWith('<html>')]).toEqual([502, true]);
    const c = await get(MAP, 'df_demo');
    expect([c.status, c.body]).toEqual([200, null]);
    expect((await get(MAP, 'df_demo')).body.status).toBe('success');
  });
});
