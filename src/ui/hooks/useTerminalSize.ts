import {useEffect, useState} from 'react';

export type Size = {columns: number; rows: number};

type SizedStream = NodeJS.WriteStream | {columns?: number; rows?: number; on?: (e: 'resize', l: () => void) => unknown; off?: (e: 'resize', l: () => void) => unknown};

export function readSize(stream: SizedStream, fallback: Size): Size {
  return {columns: stream.columns || fallback.columns, rows: stream.rows || fallback.rows};
}

/** The terminal's size, re-read on every resize. */
export function useTerminalSize(stream: SizedStream, fallback: Size): Size {
  const [size, setSize] = useState(() => readSize(stream, fallback));
  useEffect(() => {
    const onResize = () => setSize((prev) => {
      const next = readSize(stream, fallback);
      return next.columns === prev.columns && next.rows === prev.rows ? prev : next;
    });
    stream.on?.('resize', onResize);
    return () => void stream.off?.('resize', onResize);
  }, [stream]);
  return size;
}
