// Bundles src/cli/entry.ts into dist/dftop.js and the chunks it loads on demand. ESM with NODE_ENV=production
// starts much faster than Ink's hundreds of modules, and splitting lets the first frame appear before the parts
// it does not need (Ink and React, undici, the demo API) are even parsed (see README, "Start-up").
import fs from 'node:fs';
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Bundles the matching file with `from` replaced by `to`; the build fails unless `from` occurs exactly once. */
function replaceOnce(filter, from, to) {
  return {
    name: 'replace-once',
    setup(b) {
      b.onLoad({filter}, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        const count = text.split(from).length - 1;
        if (count !== 1) throw new Error(`${args.path}: expected ${JSON.stringify(from)} once, found it ${count} times (a new version?)`);
        return {contents: text.replace(from, () => to), loader: 'js'};
      });
    },
  };
}

/**
 * The matching JSON files are bundled as their text (the module's default export), for code that parses them
 * when it needs them: a large JSON module is otherwise an object literal that lives, with the literal's
 * boilerplate, as long as the process (src/map/atlas.ts: ~0.6 MiB of the world's topology after its features
 * are made).
 */
function jsonAsText(filter) {
  return {
    name: 'json-as-text',
    setup(b) {
      b.onLoad({filter}, async (args) => ({contents: `export default ${JSON.stringify(await fs.promises.readFile(args.path, 'utf8'))};`, loader: 'js'}));
    },
  };
}

const readable = process.argv.includes('--readable');
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
  // Minified: V8 keeps every loaded chunk's source text on the heap for the whole run (and parses it at start),
  // so whitespace, comments and long local names cost memory and start-up time. Names of functions and
  // classes in stack traces become short ones; `npm run build -- --readable` keeps them (for debugging).
  minify: !readable,
  minifySyntax: true,
  legalComments: 'none',
  define: {'process.env.NODE_ENV': '"production"'},
  // Ink imports react-devtools-core only when DEV is set; the bundle must not need it.
  // Every copy of string-width (Ink and its helpers bring three) measures with the project's width function
  // instead: their RGI-emoji expressions, built from ICU data when Ink loads, cost ~40 ms and ~5 MiB of RSS.
  alias: {'react-devtools-core': path.join(root, 'scripts/devtools-stub.mjs'), 'string-width': path.join(root, 'src/text/string-width-shim.ts')},
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: {js: "import {createRequire as __dftopRequire} from 'node:module'; const require = __dftopRequire(import.meta.url);"},
  logLevel: 'warning',
  plugins: [
    jsonAsText(/[\\/]world-atlas[\\/]countries-110m\.json$/),
    // yoga-layout (Ink's layout engine) reads its WebAssembly, which it carries as a data: URL, with fetch()
    // whenever fetch exists: that loads Node's own copy of undici for the one call (~35 ms after the first
    // frame, ~10 MiB of RSS). Its other path decodes the same URL in place.
    replaceOnce(/[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, 'w||"function"!=typeof fetch?', 'w||!0?'),
    // undici's cookie helpers (which dftop does not use) also accept Node's global Headers, and reading
    // `globalThis.Headers` when undici loads makes Node load its own copy of undici (same cost as above).
    replaceOnce(/[\\/]undici[\\/]lib[\\/]web[\\/]cookies[\\/]index\.js$/, '[Headers, globalThis.Headers].filter(Boolean)', '[Headers]'),
  ],
});

// A chunk with any character outside ASCII is held as a two-byte string (twice its size, for the whole run).
// esbuild escapes strings and templates, not regular expressions: write those with \u escapes. (A readable
// build keeps comments, which may hold anything.)
for (const file of readable ? [] : Object.keys(result.metafile.outputs)) {
  const text = fs.readFileSync(path.resolve(root, file), 'utf8');
  const at = text.search(/[^\x00-\x7f]/);
  if (at >= 0) console.warn(`build: ${file} holds non-ASCII text (${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}); V8 keeps it as a two-byte string. Use \\u escapes in regular expressions.`);
}

// Chunks of earlier builds pile up (names carry a hash). They are removed once they are ten minutes old, not at
// once: a dftop started before this build may still load its lazy chunks (undici on the first request).
const current = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
const chunks = path.join(root, 'dist/chunks');
for (const name of fs.existsSync(chunks) ? fs.readdirSync(chunks) : []) {
  const file = path.join(chunks, name);
  if (!current.has(file) && Date.now() - fs.statSync(file).mtimeMs > 10 * 60 * 1000) fs.rmSync(file, {force: true});
}
