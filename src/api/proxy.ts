// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms), read the way curl and undici read them.
// The client hands the settings to undici's EnvHttpProxyAgent; proxyFor() mirrors its choice for messages.

export type ProxySettings = {httpProxy: string | null; httpsProxy: string | null; noProxy: string | null};

type Env = Record<string, string | undefined>;

/** The lower-case form wins, as in curl and undici; an empty variable counts as unset. */
const read = (env: Env, name: string): string | null => env[name.toLowerCase()] || env[name] || null;

/** A proxy without a scheme (`proxy.corp:3128`) is an http:// proxy, as curl reads it. */
function withScheme(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

/**
 * The proxy settings from the environment, or null when no proxy variable is set. Throws with the variable's
 * name (and never its credentials) when a proxy is not a URL dftop can use.
 */
export function proxyFromEnv(env: Env): ProxySettings | null {
  const httpProxy = read(env, 'HTTP_PROXY');
  const httpsProxy = read(env, 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return null;
  const check = (name: string, value: string | null): string | null => {
    if (!value) return null;
    const url = withScheme(value.trim());
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${name} is not a URL`);
    }
    if (!['http:', 'https:', 'socks5:', 'socks:'].includes(parsed.protocol)) throw new Error(`${name} has the scheme ${parsed.protocol.replace(/[^a-z0-9+.-:]/gi, '?').slice(0, 20)}, which dftop cannot use (http, https or socks5)`);
    return url;
  };
  return {httpProxy: check('HTTP_PROXY', httpProxy), httpsProxy: check('HTTPS_PROXY', httpsProxy), noProxy: read(env, 'NO_PROXY')};
}

/** A proxy URL as it may be shown: scheme, host and port, never `user:pass@`. */
export function displayProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the proxy';
  }
}

/** The proxy a request to `url` goes through (shown without credentials), or null: NO_PROXY rules as undici applies them. */
export function proxyFor(url: URL, proxy: ProxySettings | null | undefined): string | null {
  if (!proxy) return null;
  const chosen = url.protocol === 'https:' ? (proxy.httpsProxy ?? proxy.httpProxy) : proxy.httpProxy;
  if (!chosen) return null;
  const noProxy = (proxy.noProxy ?? '').trim();
  if (noProxy === '*') return null;
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const m = /^(.+):(\d+)$/.exec(entry);
    const name = (m ? m[1] : entry).replace(/^\*?\./, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return null;
  }
  return displayProxy(chosen);
}
