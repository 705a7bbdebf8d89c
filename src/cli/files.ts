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

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
};

/** Why a file could not be read, in words ("no such file"), from an fs error; its message otherwise. */
export function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && FILE_ERRORS[code]) return FILE_ERRORS[code];
  return code ?? String((error as Error | null)?.message ?? error);
}
