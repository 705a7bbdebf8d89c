import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(root, 'bin/dftop.js');

/** A clean environment: no DataFast variables, no colour forcing, an empty config home, a UTF-8 locale. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dftop-home-'));
  const env: Record<string, string> = {PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TERM: 'xterm-256color', LANG: 'C.UTF-8'};
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export type Result = {code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null};

export function runCli(args: string[], env: Record<string, string>, options: {timeoutMs?: number; input?: string} = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dftop ${args.join(' ')} did not finish\n${stderr}`));
    }, options.timeoutMs ?? 45_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({code, stdout, stderr, signal});
    });
    child.stdin.end(options.input ?? '');
  });
}
