import {memo, useEffect, useRef, useState} from 'react';
import type {ColorDepth} from '../../text/style.js';
import {wallClock, type Clock} from '../clock.js';
import {headerView, timeDependentText, type HeaderProps} from '../views/header.js';
import {Lines} from './Lines.js';

type Props = Omit<HeaderProps, 'now'> & {clock?: Clock; depth: ColorDepth};

const WALL = wallClock();

/**
 * The only component that reads the clock. A tick re-renders it only when what it shows changes (a
 * countdown, a stale age): while polls arrive on time nothing ticks at all.
 */
export const Header = memo(function Header({clock = WALL, depth, ...props}: Props) {
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
