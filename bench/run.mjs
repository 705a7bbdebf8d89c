// Bundles a benchmark entry (TypeScript, importing the real sources) and runs it with --expose-gc and
// without CI set (under CI=true Ink writes only the last frame, which is not what a terminal sees).
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [entry = 'main', ...rest] = process.argv.slice(2);
const outfile = path.join(root, `dist/bench-${entry}.mjs`);
await build({
  entryPoints: [path.join(root, `bench/${entry}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: {'process.env.NODE_ENV': '"production"'},
  alias: {'react-devtools-core': path.join(root, 'scripts/devtools-stub.mjs')},
  external: ['node-pty'],
  banner: {js: "import {createRequire as __r} from 'node:module'; const require = __r(import.meta.url);"},
  logLevel: 'warning',
});
const env = {...process.env};
delete env.CI;
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...rest], {stdio: 'inherit', env, cwd: root});
process.exit(result.status ?? 1);
