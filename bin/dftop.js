#!/usr/bin/env node
import v8 from 'node:v8';

// WebAssembly stays on V8's baseline compiler (Liftoff). The HTTP client's parser (undici's llhttp) is
// WebAssembly with one very large function; optimising it takes ~35 MiB of compiler memory on a helper thread
// a second after start, and the C library keeps most of it for the rest of the run (RSS 26 s after start: 7-12
// MiB more, measured side by side). The parser's time per poll is the same either way (~0.8 ms per answer),
// and Ink's layout engine (also WebAssembly) has next to nothing to lay out. Set before anything compiles.
v8.setFlagsFromString('--liftoff-only');

// The entry point only loads the bundle: one file parses faster than the hundreds of modules behind Ink.
import('../dist/dftop.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/dftop.js')) {
    process.stderr.write('dftop: the build is missing; run `npm ci` (or `npm run build`) first.\n');
    process.exit(1);
  }
  throw error;
});
