// Bundles src/cli/entry.ts into dist/dftop.js and the chunks it loads on demand. ESM with NODE_ENV=production
// starts much faster than Ink's hundreds of modules, and splitting lets the first frame appear before the parts
// it does not need (Ink and React, undici, the demo API) are even parsed (see README, "Start-up").
import fs from 'node:fs';
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const result = await build({
  metafile: true,
  entryPoints: [path.join(root, 'src/cli/entry.ts')],
  outdir: path.join(root, 'dist'),
  entryNames: 'dftop',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
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

// Chunks of earlier builds pile up (names carry a hash). They are removed once they are ten minutes old, not at
// once: a dftop started before this build may still load its lazy chunks (undici on the first request).
const current = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
const chunks = path.join(root, 'dist/chunks');
for (const name of fs.existsSync(chunks) ? fs.readdirSync(chunks) : []) {
  const file = path.join(chunks, name);
  if (!current.has(file) && Date.now() - fs.statSync(file).mtimeMs > 10 * 60 * 1000) fs.rmSync(file, {force: true});
}
