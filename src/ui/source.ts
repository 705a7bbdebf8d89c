import type {Poller} from '../api/poller.js';
import type {Site} from '../api/sites.js';
import type {Alert} from '../model/alerts.js';
import type {Feed, Snapshot} from '../model/types.js';
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

/**
 * The live screen's alerts (src/cli/extras.ts AlertPipeline): each poll's feed is checked against the rules,
 * and what fires is delivered (OSC 9, the bell, --alert-command) before it is returned for the header.
 */
export type AlertSource = {
  observe(feed: Feed): Alert[];
  /** Alerts held back by a rule's cooldown, due at `nextDueAt()`. */
  flush(): Alert[];
  nextDueAt(): number | null;
  /** Another site, or a replay stepping back: forget what was seen. */
  reset(): void;
};

/** The websites of a `dft_` account token, for the site picker (`w`). */
export type SiteChooser = {
  /** The list (GET /api/v1/admin/websites, transient failures retried). */
  load(): Promise<Site[]>;
  /** Opens the dashboard on a site: the caller gives the Dashboard that site's poller and `siteKey`. */
  choose(site: Site): void;
};

/** Messages from the live screen's helpers (a failing --alert-command, a recording that cannot be written). */
export type Notices = {subscribe(listener: (message: string) => void): () => void};
