#!/usr/bin/env node
// The entry point only loads the bundle: one file parses faster than the hundreds of modules behind Ink.
import('../dist/dftop.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/dftop.js')) {
    process.stderr.write('dftop: the build is missing; run `npm ci` (or `npm run build`) first.\n');
    process.exit(1);
  }
  throw error;
});
