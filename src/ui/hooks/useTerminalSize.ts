import {useEffect, useState} from 'react';

export type Size = {columns: number; rows: number};

export type SizedStream = {columns?: number; rows?: number; on?: (e: 'resize', l: () => void) => unknown; off?: (e: 'resize', l: () => void) => unknown};

export function readSize(stream: SizedStream, fallback: Size): Size {
  return {columns: stream.columns || fallback.columns, rows: stream.rows || fallback.rows};
}

/**
 * The terminal's size once it has settled: a window dragged by its corner sends dozens of resizes a second,
 * and each frame drawn for a passing size is a flash. `settleMs` 0 follows every resize at once.
 */
export function useTerminalSize(stream: SizedStream, fallback: Size, settleMs = 0): Size {
  const [size, setSize] = useState(() => readSize(stream, fallback));
  const {columns: fallbackColumns, rows: fallbackRows} = fallback;
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    const apply = () => {
      timer = null;
      setSize((prev) => {
        const next = readSize(stream, {columns: fallbackColumns, rows: fallbackRows});
        return next.columns === prev.columns && next.rows === prev.rows ? prev : next;
      });
    };
    const onResize = () => {
      if (settleMs <= 0) return apply();
      if (timer) clearTimeout(timer);
      timer = setTimeout(apply, settleMs);
    };
    stream.on?.('resize', onResize);
    return () => {
      if (timer) clearTimeout(timer);
      stream.off?.('resize', onResize);
    };
  }, [stream, fallbackColumns, fallbackRows, settleMs]);
  return size;
}
