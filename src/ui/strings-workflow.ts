// User-facing strings of the site picker, the alert line, the replay badge and the status line (issue 12).

export const workflowStrings = {
  picker: {
    title: 'Choose a website',
    /** The header's second row before a site is chosen. */
    noSite: 'no website chosen yet',
    filter: 'filter: ',
    loading: 'loading the websites of this account…',
    failed: (why: string) => `could not list the websites: ${why}`,
    none: 'this token sees no websites',
    noMatch: (filter: string) => `no website matches "${filter}"`,
    current: 'current',
    hint: 'type to filter · ↑↓ move · Enter open',
    hintAscii: 'type to filter - up/down move - Enter open',
    hintBack: ' · Esc back',
    hintBackAscii: ' - Esc back',
    unnamed: '—',
    /** `w` where there is nothing to choose from: a site key (df_), the demo, a replay. */
    needsToken: 'w needs a dft_ account token (this key is for one website)',
  },
  alert: {
    payment: (amount: string, from: string | null, renewal: boolean) => `${renewal ? 'Renewal' : 'Payment'} ${amount}${from ? ` from ${from}` : ''}`,
    payments: (n: number, total: string) => `${n} payments${total ? `, ${total}` : ''}`,
    goal: (goal: string, path: string | null) => `Goal ${goal}${path ? ` on ${path}` : ''}`,
    goals: (n: number, detail: string) => `${n} goals: ${detail}`,
    customer: (who: string | null, path: string | null) => `Customer ${who ?? 'on the site'}${who && path ? ` on ${path}` : ''}`,
    customers: (n: number) => `${n} customers on the site`,
    above: (count: number, n: number) => `${count} visitors, above ${n}`,
    below: (count: number, n: number) => `${count} visitors, below ${n}`,
    more: (n: number) => `+${n} more`,
  },
  replay: {
    badge: 'REPLAY',
    /** The header's site when the recording names none. */
    site: 'replay',
    paused: 'paused',
    end: 'end',
    poll: (index: number, total: number) => `${index}/${total}`,
    keys: ', back  . forward  < slower  > faster  p pause',
  },
  status: {
    noPayment: 'no payment',
    ago: 'ago',
    stale: 'stale',
  },
};
