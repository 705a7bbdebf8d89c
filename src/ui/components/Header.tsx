import React, {memo, useEffect, useRef, useState} from 'react';
import type {Feed} from '../../model/types.js';
import type {ColorDepth} from '../../text/style.js';
import {wallClock, type Clock} from '../clock.js';
import type {Painter} from '../theme.js';
import {headerView, timeDependentText, type PollInfo} from '../views/header.js';
import {Lines} from './Lines.js';

type HeaderProps = {
  painter: Painter;
  site: string;
  feed: Feed | null;
  poll: PollInfo;
  history: readonly number[];
  revenue: [string, number][];
  width: number;
  height: number;
  filterEditing: boolean;
  filter: string;
  clock?: Clock;
  depth: ColorDepth;
};

const WALL = wallClock();

/**
 * The only component that reads the clock. A tick re-renders it only when what it shows changes (a
 * countdown, a stale age): while polls arrive on time nothing ticks at all.
 */
export const Header = memo(function Header({clock = WALL, depth, ...props}: HeaderProps) {
  const [now, setNow] = useState(() => clock.now());
  const poll = useRef(props.poll);
  poll.current = props.poll;
  useEffect(
    () =>
      clock.subscribe(() => {
        const t = clock.now();
        setNow((previous) => (timeDependentText(poll.current, previous) === timeDependentText(poll.current, t) ? previous : t));
      }),
    [clock],
  );
  return <Lines lines={headerView({...props, now})} depth={depth} />;
});
