import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Poller} from '../../../src/api/poller.js';
import {loadSnapshot} from '../../../src/cli/source.js';
import {startDemoServer, type DemoServer} from '../../../src/demo/server.js';
import type {Snapshot} from '../../../src/model/types.js';
import type {SnapshotSource} from '../../../src/ui/source.js';
import {usePolling, type Polling} from '../../../src/ui/hooks/usePolling.js';
import {SPARK_BUCKET_MS} from '../../../src/ui/spark-history.js';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function Probe({source, seen}: {source: SnapshotSource; seen: Polling[]}) {
  const polling = usePolling(source);
  seen.push(polling);
  return <Text>{polling.feed ? `polls ${polling.history.length}` : 'none'}</Text>;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

async function probe(): Promise<{poller: Poller<Snapshot>; seen: Polling[]; demo: DemoServer}> {
  const demo = await startDemoServer({seed: 3, visitors: 40, steady: true});
  cleanup.push(() => demo.close());
  const client = {baseUrl: demo.url, apiKey: 'df_demo', websiteId: null, timeoutMs: 2000, userAgent: 'dftop/test'};
  const poller = new Poller<Snapshot>({load: (s) => loadSnapshot(client, s), intervalMs: 600_000});
  cleanup.push(() => poller.stop());
  const seen: Polling[] = [];
  const app = render(<Probe source={poller} seen={seen} />);
  cleanup.push(() => app.unmount());
  return {poller, seen, demo};
}

describe('usePolling', () => {
  it('renders once per poll on time: a request going out shows nothing new', async () => {
    const {poller, seen} = await probe();
    await until(() => seen.some((p) => p.feed !== null && p.poll.state === 'waiting'));
    await new Promise((r) => setTimeout(r, 50));
    for (let poll = 0; poll < 4; poll++) {
      const before = seen.length;
      const feedBefore = seen[seen.length - 1]!.feed;
      poller.refresh();
      await until(() => seen[seen.length - 1]!.feed !== feedBefore && seen[seen.length - 1]!.poll.state === 'waiting');
      await new Promise((r) => setTimeout(r, 50));
      const renders = seen.slice(before);
      // One render with the new feed; none showing the request in flight with the old one.
      expect(renders.filter((p) => p.feed === feedBefore)).toEqual([]);
      expect(renders).toHaveLength(1);
    }
  });

  it('a paused dashboard shows a one-off refresh going out', async () => {
    const {poller, seen} = await probe();
    await until(() => seen.some((p) => p.feed !== null && p.poll.state === 'waiting'));
    poller.pause();
    await until(() => seen[seen.length - 1]!.poll.state === 'paused');
    poller.refresh();
    await until(() => seen.some((p) => p.poll.state === 'paused' && p.poll.fetching === true));
  });

  it('keeps one sparkline bar per 30 s, whatever the number of polls in it', async () => {
    const {poller, seen} = await probe();
    await until(() => seen.some((p) => p.feed !== null));
    for (let i = 0; i < 5; i++) {
      const feedBefore = seen[seen.length - 1]!.feed;
      poller.refresh();
      await until(() => seen[seen.length - 1]!.feed !== feedBefore);
    }
    const last = seen[seen.length - 1]!;
    const times = seen.filter((p) => p.feed).map((p) => Math.floor(Date.parse(p.feed!.fetchedAt) / SPARK_BUCKET_MS));
    // Six polls within a second or two: one bucket, or two when they straddle a bucket's edge.
    expect(last.history.length).toBe(new Set(times).size);
    expect(Math.max(...last.history)).toBe(Math.max(...seen.filter((p) => p.feed).map((p) => p.feed!.count)));
  });
});
