type Env = Record<string, string | undefined>;

/** Without a terminal or a size to go by, a snapshot is this big. */
const DEFAULT_SNAPSHOT = {width: 100, height: 30};
const MAX = 1000;

/** What the size is read from: standard output (a terminal or not) and the environment. */
type Output = {isTTY?: boolean; columns?: number; rows?: number};

function fromEnv(value: string | undefined): number | null {
  if (!value || !/^\d{1,4}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n >= 1 && n <= MAX ? n : null;
}

/**
 * The size of a plain snapshot (`--once`, TERM=dumb, a replay's `--once`): --width/--height; else the terminal's
 * when standard output is one; else COLUMNS/LINES (what `watch` and shells pass on when the output is a pipe);
 * else 100×30. Each dimension on its own.
 */
export function snapshotSize(flags: {width?: number | null; height?: number | null}, stdout: Output, env: Env): {width: number; height: number} {
  const tty = !!stdout.isTTY;
  const width = flags.width ?? (tty && stdout.columns ? stdout.columns : null) ?? fromEnv(env.COLUMNS) ?? DEFAULT_SNAPSHOT.width;
  const height = flags.height ?? (tty && stdout.rows ? stdout.rows : null) ?? fromEnv(env.LINES) ?? DEFAULT_SNAPSHOT.height;
  return {width, height};
}
