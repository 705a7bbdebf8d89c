// What the live screen receives from the terminal layer: keys by name, pasted text, mouse reports. The
// terminal's input parser (src/terminal/input.ts) produces these; the UI only reads them.

export type KeyEvent = {type: 'key'; name: string};
export type PasteEvent = {type: 'paste'; text: string};
export type MouseAction = 'press' | 'release' | 'drag' | 'move' | 'wheelUp' | 'wheelDown';
export type MouseEvent = {
  type: 'mouse';
  action: MouseAction;
  button: 'left' | 'middle' | 'right' | null;
  /** 0-based cell column and row. */
  x: number;
  y: number;
  shift: boolean;
  meta: boolean;
  ctrl: boolean;
};
export type InputEvent = KeyEvent | PasteEvent | MouseEvent;

/** A stream of input events; `subscribe` returns the way to stop listening. */
export type InputSource = {subscribe(listener: (event: InputEvent) => void): () => void};
