import {EventEmitter} from 'node:events';
import {InputParser, type InputEvent} from '../../src/terminal/input.js';
import type {InputSource} from '../../src/ui/events.js';

/** Typed bytes → the terminal's input parser → the Dashboard's input events, as the live screen wires them. */
export function keySource() {
  const bus = new EventEmitter();
  const parser = new InputParser();
  const emit = (event: InputEvent) => bus.emit('event', event);
  const source: InputSource = {
    subscribe(listener) {
      bus.on('event', listener);
      return () => void bus.off('event', listener);
    },
  };
  return {
    source,
    /** Bytes as a terminal would send them in one read; a trailing lone ESC counts as the Escape key. */
    type(bytes: string) {
      for (const event of parser.feed(bytes)) emit(event);
      for (const event of parser.flush()) emit(event);
    },
    emit,
  };
}
