/**
 * Finished ensemble runs kept by request and seed, so that moving one control re-runs only the current scenario's
 * seeds (the baseline's stay), and going back to a setting seen a moment ago costs nothing. A digest depends only on
 * the request (preset, overrides, horizon) and the seed. The least recently used requests are dropped first.
 */
import type { RunDigest } from '../ensemble/digest.ts';

/** The cache. */
export interface DigestCache {
  get(key: string, seed: number): RunDigest | undefined;
  put(key: string, digest: RunDigest): void;
}

/** Creates a cache that keeps the runs of at most `requests` requests. */
export function createDigestCache(requests = 3): DigestCache {
  const byKey = new Map<string, Map<number, RunDigest>>();
  const touch = (key: string): Map<number, RunDigest> => {
    let seeds = byKey.get(key);
    if (seeds) byKey.delete(key);
    else seeds = new Map();
    byKey.set(key, seeds);
    while (byKey.size > requests) byKey.delete(byKey.keys().next().value!);
    return seeds;
  };
  return {
    get(key, seed) {
      const seeds = byKey.get(key);
      return seeds?.has(seed) ? touch(key).get(seed) : undefined;
    },
    put(key, digest) {
      touch(key).set(digest.seed, digest);
    },
  };
}
