import {stampText} from '../en-format.js';
import {fitRuns, type Run} from '../../text/style.js';
import {workflowStrings} from '../strings-workflow.js';
import type {Painter} from '../theme.js';

// The REPLAY badge and the replay status line (pure; the replay source in src/cli/replay.ts provides the info).

const s = workflowStrings.replay;

/** Where a replay stands; `ReplaySource.info` returns it. */
export type ReplayInfo = {
  playing: boolean;
  speed: number;
  /** 1-based poll on screen, and how many there are. */
  index: number;
  total: number;
  /** The recorded time of the poll on screen (ms), or the recorded clock between polls. */
  recordedAt: number;
  atEnd: boolean;
};

/** "2024-05-01 14:09:12" in the viewer's time zone. */
export function recordedClock(ms: number): string {
  return stampText(ms);
}

export function speedText(speed: number, ascii: boolean): string {
  const n = speed >= 1 ? String(Math.round(speed * 100) / 100) : `1/${Math.round(1 / speed)}`;
  return `${n}${ascii ? 'x' : '×'}`;
}

/** The header badge: "REPLAY ▶ 4×" / "REPLAY ❚❚" (paused) / "REPLAY ■ end". Put it where the LIVE state goes. */
export function replayBadge(painter: Painter, info: ReplayInfo): Run[] {
  const t = painter.theme;
  const a = painter.ascii;
  const state = info.atEnd && !info.playing ? `${a ? '#' : '■'} ${s.end}` : info.playing ? `${a ? '>' : '▶'} ${speedText(info.speed, a)}` : `${a ? '||' : '❚❚'} ${s.paused}`;
  return [
    {text: ` ${s.badge} `, style: {...t.warn, inverse: true, bold: true}},
    {text: ' ' + state, style: info.playing ? t.good : t.warn},
  ];
}

/** One line for the header's second row or the hint bar: badge, recorded clock, poll n/total, the keys. */
export function replayStatusLine(painter: Painter, info: ReplayInfo, width: number): Run[] {
  const t = painter.theme;
  const sep = painter.ascii ? ' - ' : ' · ';
  const runs: Run[] = [
    ...replayBadge(painter, info),
    {text: sep + recordedClock(info.recordedAt), style: t.fresh},
    {text: sep + s.poll(info.index, info.total), style: t.dim},
    {text: sep + s.keys, style: t.faint},
  ];
  return fitRuns(runs, width);
}
