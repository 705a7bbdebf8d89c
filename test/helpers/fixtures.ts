import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
export const fixtureText = (name: string) => fs.readFileSync(path.join(fixturesDir, name), 'utf8');
export const fixture = (name: string) => JSON.parse(fixtureText(name));
