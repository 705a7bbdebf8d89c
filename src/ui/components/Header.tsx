import React, {memo} from 'react';
import type {Feed} from '../../model/types.js';
import type {ColorDepth} from '../../text/style.js';
import {useClock, type Clock} from '../hooks/useClock.js';
import type {Painter} from '../theme.js';
import {headerView, type PollInfo} from '../views/header.js';
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

/** The only component that reads the clock, so a tick re-renders two rows, not the dashboard. */
export const Header = memo(function Header({clock, depth, ...props}: HeaderProps) {
  const now = useClock(clock);
  return <Lines lines={headerView({...props, now})} depth={depth} />;
});
