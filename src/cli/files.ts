import fs from 'node:fs';

/**
 * A small text file of the user's (the config, a key file) and its permission bits: UTF-8, without the byte order
 * mark editors on Windows save (JSON.parse refuses it). Throws the fs error (ENOENT, EACCES…) as it is.
 */
export function readUserFile(file: string): {text: string; mode: number} {
  const text = fs.readFileSync(file, 'utf8');
  const mode = fs.statSync(file).mode;
  return {text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, mode};
}

/** Readable by anyone but its owner (group or other bits set): a file holding a key should not be. */
export const readableByOthers = (mode: number): boolean => (mode & 0o077) !== 0;
