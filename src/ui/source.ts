import type {Poller} from '../api/poller.js';
import type {Snapshot} from '../model/types.js';
import type {Clock} from './clock.js';
import type {ReplayInfo} from './views/replay.js';

/**
 * What the Dashboard needs from where its snapshots come from: the live poller (src/api/poller.ts) and the
 * replay source (src/cli/replay.ts) both provide it. `Poller<Snapshot>` is a class with private fields, so
 * props typed with it accept nothing else; type them with this.
 */
export type SnapshotSource = Pick<Poller<Snapshot>, 'current' | 'onOutcome' | 'onState' | 'start' | 'stop' | 'pause' | 'resume' | 'refresh'>;

/** The replay's extra controls (keys , . < > and the REPLAY badge). */
export type ReplayControls = {
  stepBack(): void;
  stepForward(): void;
  faster(): void;
  slower(): void;
  info(): ReplayInfo;
  /** Whenever info() changes (a poll, pause, resume, speed). */
  onInfo(listener: (info: ReplayInfo) => void): () => void;
  /** Before a step back: drop the accumulated feed, the sparkline history and the alert state. */
  onRewind(listener: () => void): () => void;
  /** The recorded clock, for the header's "updated …" and clocks. */
  readonly clock: Clock;
};
