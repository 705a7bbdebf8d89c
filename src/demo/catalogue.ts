// What the simulated site is made of: pages, referrers, campaigns, goals, products, names.

export const BROWSERS = [
  {weight: 60, name: 'Chrome', version: '131.0'},
  {weight: 18, name: 'Mobile Safari', version: '18.1'},
  {weight: 8, name: 'Safari', version: '18.1'},
  {weight: 6, name: 'Firefox', version: '133.0'},
  {weight: 5, name: 'Edge', version: '131.0'},
  {weight: 3, name: 'Samsung Internet', version: '27.0'},
] as const;

export const SYSTEMS = [
  {weight: 32, os: 'Windows', device: 'desktop', browsers: ['Chrome', 'Edge', 'Firefox']},
  {weight: 22, os: 'Mac OS', device: 'desktop', browsers: ['Chrome', 'Safari', 'Firefox']},
  {weight: 4, os: 'Linux', device: 'desktop', browsers: ['Chrome', 'Firefox']},
  {weight: 22, os: 'iOS', device: 'mobile', browsers: ['Mobile Safari', 'Chrome']},
  {weight: 16, os: 'Android', device: 'mobile', browsers: ['Chrome', 'Samsung Internet']},
  {weight: 4, os: 'iOS', device: 'tablet', browsers: ['Mobile Safari']},
] as const;

export const PAGES = [
  {weight: 30, path: '/'},
  {weight: 16, path: '/pricing'},
  {weight: 10, path: '/features'},
  {weight: 8, path: '/blog/launch-week'},
  {weight: 6, path: '/blog/realtime-map'},
  {weight: 6, path: '/docs/getting-started'},
  {weight: 5, path: '/docs/api'},
  {weight: 4, path: '/changelog'},
  {weight: 4, path: '/signup'},
  {weight: 3, path: '/login'},
  {weight: 3, path: '/checkout'},
  {weight: 3, path: '/dashboard'},
  {weight: 2, path: '/about'},
] as const;

export const SOURCES = [
  {weight: 38, referrer: null, utm: null},
  {weight: 22, referrer: 'google.com', utm: null},
  {weight: 8, referrer: 'news.ycombinator.com', utm: {source: 'hn', medium: 'social', campaign: 'launch'}},
  {weight: 8, referrer: 't.co', utm: {source: 'twitter', medium: 'social', campaign: 'launch'}},
  {weight: 5, referrer: 'reddit.com', utm: null},
  {weight: 5, referrer: 'producthunt.com', utm: {source: 'producthunt', medium: 'referral', campaign: 'ph-launch'}},
  {weight: 4, referrer: 'github.com', utm: null},
  {weight: 4, referrer: 'bing.com', utm: null},
  {weight: 3, referrer: 'newsletter.example.com', utm: {source: 'newsletter', medium: 'email', campaign: 'november'}},
  {weight: 3, referrer: 'duckduckgo.com', utm: {source: 'ddg', medium: 'cpc', campaign: 'brand'}},
] as const;

export const GOALS = [
  {weight: 30, type: 'signup', page: '/signup', params: () => ({plan: 'free'})},
  {weight: 18, type: 'trial_started', page: '/pricing', params: () => ({plan: 'pro'})},
  {weight: 20, type: 'add_to_cart', page: '/pricing', params: () => ({product: 'pro-yearly'})},
  {weight: 12, type: 'newsletter_subscribe', page: '/blog/launch-week', params: () => ({list: 'weekly'})},
  {weight: 10, type: 'demo_requested', page: '/features', params: () => ({team_size: '11-50'})},
  {weight: 10, type: 'checkout_started', page: '/checkout', params: () => ({product: 'pro-monthly'})},
] as const;

export const PRODUCTS = [
  {weight: 50, usd: 19, label: 'monthly'},
  {weight: 30, usd: 49, label: 'pro'},
  {weight: 15, usd: 190, label: 'yearly'},
  {weight: 5, usd: 490, label: 'team'},
] as const;

/** Major units per US dollar, rounded; enough to make amounts look right in each currency. */
export const RATES: Record<string, number> = {
  USD: 1, EUR: 0.95, GBP: 0.8, JPY: 150, CAD: 1.4, AUD: 1.55, BRL: 5.8, INR: 84, CHF: 0.9, SEK: 11, NOK: 11,
};

export const ADJECTIVES = ['amber', 'quiet', 'swift', 'brave', 'calm', 'eager', 'gentle', 'jolly', 'lucky', 'misty', 'noble', 'rapid', 'silver', 'sunny', 'wild', 'cosmic', 'frosty', 'golden'];
export const ANIMALS = ['otter', 'heron', 'lynx', 'falcon', 'badger', 'panda', 'koala', 'fox', 'owl', 'whale', 'tiger', 'gecko', 'bison', 'crane', 'moose', 'raven', 'seal', 'wolf'];
export const FIRST_NAMES = ['Claire', 'Jonas', 'Aiko', 'Mateo', 'Priya', 'Liam', 'Sofia', 'Kwame', 'Elif', 'Noah', 'Yuki', 'Ana', 'Lars', 'Chloé', 'Ravi', 'Mei'];
export const LAST_NAMES = ['Martin', 'Weber', 'Tanaka', 'Silva', 'Sharma', 'Smith', 'Rossi', 'Mensah', 'Yılmaz', 'Brown', 'Sato', 'García', 'Berg', 'Dubois', 'Patel', 'Chen'];
