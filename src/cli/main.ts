import pkg from '../../package.json' with {type: 'json'};
import {DEMO_SERVER_FLAGS, MONITOR_FLAGS, SITES_FLAGS, STATUS_FLAGS, helpText, parseFlags} from './args.js';
import {resolveSettings} from './config.js';
import {guardOutput} from './output.js';
import {report} from './report.js';
import {runDemoServer, runMonitor, runReplayScreen} from './modes.js';
import {runSites} from './sites.js';

export const VERSION: string = pkg.version;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  // Before anything is written: a closed stdout ends dftop quietly, and every write is redacted.
  guardOutput();
  let key: string | null = null;
  try {
    if (argv[0] === 'demo-server') {
      const flags = parseFlags(argv.slice(1), DEMO_SERVER_FLAGS);
      if (flags.help) {
        process.stdout.write(helpText(VERSION));
        return 0;
      }
      return await runDemoServer(flags);
    }
    if (argv[0] === 'sites' || argv[0] === 'status') {
      const sites = argv[0] === 'sites';
      const flags = parseFlags(argv.slice(1), sites ? SITES_FLAGS : STATUS_FLAGS);
      if (flags.help) {
        process.stdout.write(helpText(VERSION));
        return 0;
      }
      // `sites` is how a dft_ token finds its website ids; `status` needs one, like --once.
      const settings = resolveSettings(flags, env, undefined, {websiteOptional: sites});
      key = settings.apiKey;
      for (const warning of settings.warnings) process.stderr.write(`dftop: warning: ${warning}\n`);
      // `status` (and its cache, node:crypto) and `replay` (node:zlib) load only when asked for: the live
      // screen's start-up does not parse them.
      return sites ? await runSites(settings, flags, VERSION) : await (await import('./status.js')).runStatus(settings, flags, env, VERSION);
    }
    if (argv[0] === 'replay') {
      const {runReplay} = await import('./replay.js');
      return await runReplay(argv.slice(1), env, VERSION, (source, {flags}) => runReplayScreen(source, flags, env));
    }
    const flags = parseFlags(argv, MONITOR_FLAGS);
    if (flags.help) {
      process.stdout.write(helpText(VERSION));
      return 0;
    }
    if (flags.version) {
      process.stdout.write(`dftop ${VERSION}\n`);
      return 0;
    }
    if (flags.doctor) {
      const {doctor} = await import('../terminal/live.js');
      const profileFlags = {color: flags.color as 'auto' | 'always' | 'never' | undefined, theme: flags.theme as 'dark' | 'light' | 'mono' | undefined, ambiguous: flags.ambiguous as 'narrow' | 'wide' | undefined, mouse: flags['no-mouse'] === true ? false : undefined};
      process.stdout.write(await doctor(process.stdout, process.stdin, env, profileFlags));
      return 0;
    }
    // A dft_ token without a website: the live screen opens the site picker. Everything else (--once, --json,
    // a pipe) needs the website before any request, and says to run `dftop sites`.
    const settings = resolveSettings(flags, env, undefined, {websiteOptional: flags.once !== true && flags.json !== true && process.stdout.isTTY === true});
    key = settings.apiKey;
    for (const warning of settings.warnings) process.stderr.write(`dftop: warning: ${warning}\n`);
    return await runMonitor(settings, env, VERSION);
  } catch (error) {
    return report(error, key, env, process.stderr);
  }
}

