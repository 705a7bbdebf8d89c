// Bundles src/cli/entry.ts into dist/dftop.js. One ESM file with NODE_ENV=production starts
// much faster than Ink's hundreds of modules (see README, "Start-up").
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  entryPoints: [path.join(root, 'src/cli/entry.ts')],
  outfile: path.join(root, 'dist/dftop.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  define: {'process.env.NODE_ENV': '"production"'},
  // Ink imports react-devtools-core only when DEV is set; the bundle must not need it.
  alias: {'react-devtools-core': path.join(root, 'scripts/devtools-stub.mjs')},
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: {js: "import {createRequire as __dftopRequire} from 'node:module'; const require = __dftopRequire(import.meta.url);"},
  logLevel: 'warning',
});
