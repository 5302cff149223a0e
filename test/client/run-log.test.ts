import { describe, expect, it } from 'vitest';
import type { EngineClient, RunRequest } from '../../src/client/engine-client.ts';
import { logRunRequests } from '../../src/client/run-log.ts';
import { makeFakeResult } from '../helpers/fake-result.ts';

describe('run log', () => {
  it('finds the request behind each result, as it was sent', async () => {
    const fake: EngineClient = {
      run: async (r: RunRequest) =>
        r.presetId === 'bad' ? { ok: false, problems: [] } : { ok: true, result: makeFakeResult(r.seed ?? 0) },
      dispose: () => {},
    };
    const log = logRunRequests(fake);
    const request = { presetId: 'p', seed: 3, overrides: ['a=1'] };
    const res = await log.client.run(request);
    request.overrides.push('b=2');
    if (!res.ok) throw new Error('expected a result');
    expect(log.requestOf(res.result)).toEqual({ presetId: 'p', seed: 3, overrides: ['a=1'] });
    expect(log.requestOf(makeFakeResult())).toBeUndefined();
    expect(await log.client.run({ presetId: 'bad' })).toEqual({ ok: false, problems: [] });
  });
});
