// The bundle's entry (dist/dftop.js). The same file also runs as the loader thread, which fetches and normalises
// each poll off the main thread (src/cli/loader-worker.ts). The imports are dynamic so that each side evaluates
// only the modules it needs: the loader thread never loads Ink or React.
import {isMainThread, workerData} from 'node:worker_threads';

if (!isMainThread && (workerData as {dftopRole?: unknown} | null)?.dftopRole === 'dftop-loader') {
  void import('./loader-worker.js').then(({runLoaderWorker}) => runLoaderWorker());
} else {
  void Promise.all([import('./warnings.js'), import('./loader-worker.js'), import('./main.js')]).then(async ([{installWarningRouter}, {enableLoaderWorker}, {main}]) => {
    // Node's warnings (e.g. TimeoutOverflowWarning) never reach the screen; DEBUG=dftop shows them on stderr.
    installWarningRouter(process.env);
    // Only from the bundle: a .ts entry (run by a TypeScript loader) cannot be a worker's script.
    if (/\.m?js$/.test(new URL(import.meta.url).pathname)) enableLoaderWorker(import.meta.url);
    process.exitCode = await main(process.argv.slice(2), process.env);
  });
}
