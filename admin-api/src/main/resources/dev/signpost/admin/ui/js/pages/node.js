// This node: its version, store, the registry's counts, the cluster's members, and the DNS query rate computed
// from two scrapes of /metrics.

import {get} from '../api.js';
import {h, replace, table} from '../dom.js';

const SCRAPE_MS = 5000;
const MEMBER_STATUS = {0: 'none', 1: 'alive', 2: 'leaving', 3: 'left', 4: 'failed'};

export class NodePage {
  constructor(app) {
    this.app = app;
    this.nav = 'node';
    this.title = 'Node';
    this.previous = null;
    this.rates = null;
    this.timer = null;
  }

  mount(main) {
    this.body = h('div', {id: 'node-body'}, h('p', {class: 'muted'}, 'Loading…'));
    this.ratesBox = h('section', {id: 'rates', 'aria-live': 'polite'}, h('h2', {}, 'DNS queries'),
        h('p', {class: 'muted'}, 'Measuring: the rate needs two scrapes of /metrics, ' + SCRAPE_MS / 1000 + ' s apart.'));
    replace(main, h('h1', {}, 'Node'), this.body, this.ratesBox);
    this.scrape();
    this.timer = setInterval(() => this.scrape(), SCRAPE_MS);
  }

  leave() {
    clearInterval(this.timer);
  }

  async refresh() {
    const [self, members] = await Promise.all([get('/v1/agent/self'), get('/v1/agent/members')]);
    const stats = (self.Stats || {}).signpost || {};
    const cluster = (self.Stats || {}).signpost_cluster || {};
    const config = self.Config || {};
    const store = stats.store || 'unknown';
    replace(this.body,
        h('dl', {class: 'facts', id: 'node-facts'},
            fact('Node', config.NodeName), fact('Datacenter', config.Datacenter), fact('Version', config.Version),
            fact('Store', h('span', {class: store === 'healthy' ? 'ok' : 'error'}, store)),
            fact('Registry index', stats.index),
            fact('Services', stats.services),
            fact('Instances', (stats.instances || '0') + ': ' + ['passing', 'warning', 'critical', 'maintenance']
                .map(s => (stats['instances_' + s] || '0') + ' ' + s).join(', ')),
            fact('Failing open', stats.services_failing_open),
            fact('Checks run', (stats.checks_run || '0') + ', failed ' + (stats.check_failures || '0')),
            fact('Cluster', (cluster.members || '1') + ' members, ' + (cluster.members_alive || '1') + ' alive, '
                + (cluster.members_failed || '0') + ' failed')),
        table('Members', ['Name', 'Address', 'Status', 'Datacenter', 'Version'],
            members.map(m => h('tr', {'data-member': m.Name},
                h('td', {}, m.Name), h('td', {}, m.Addr + ':' + m.Port),
                h('td', {}, MEMBER_STATUS[m.Status] || String(m.Status)),
                h('td', {}, (m.Tags || {}).dc || '—'), h('td', {}, (m.Tags || {}).build || '—'))),
            {class: 'grid', id: 'members'}));
  }

  /** Scrapes /metrics and shows the rates since the previous scrape. */
  async scrape() {
    let text;
    try {
      text = await get('/metrics');
    } catch (e) {
      replace(this.ratesBox, h('h2', {}, 'DNS queries'), h('p', {class: 'error'}, 'No metrics: ' + e.message));
      return;
    }
    const now = {at: performance.now(), counts: queries(text)};
    const before = this.previous;
    this.previous = now;
    if (!before) {
      return;
    }
    const seconds = (now.at - before.at) / 1000;
    const rate = key => Math.max(0, ((now.counts.get(key) || 0) - (before.counts.get(key) || 0)) / seconds);
    const keys = [...now.counts.keys()].filter(k => k !== '').sort();
    replace(this.ratesBox, h('h2', {}, 'DNS queries'),
        h('p', {id: 'query-rate'}, h('strong', {}, rate('').toFixed(1)), ' queries/s over the last ',
            seconds.toFixed(1), ' s'),
        keys.length ? table('By type and response code', ['Type', 'Code', 'Per second'],
            keys.map(k => h('tr', {}, k.split(' ').map(part => h('td', {}, part)),
                h('td', {class: 'num'}, rate(k).toFixed(1)))), {class: 'grid'}) : null);
  }
}

/** signpost_dns_queries_total summed: '' → every query, 'A NOERROR' → by type and rcode. */
function queries(text) {
  const counts = new Map();
  for (const line of text.split('\n')) {
    const m = /^signpost_dns_queries_total\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) {
      continue;
    }
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map(x => [x[1], x[2]]));
    const value = Number(m[2]);
    const key = (labels.type || '?') + ' ' + (labels.rcode || '?');
    counts.set('', (counts.get('') || 0) + value);
    counts.set(key, (counts.get(key) || 0) + value);
  }
  return counts;
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value === undefined || value === null ? '—' : value)];
}
