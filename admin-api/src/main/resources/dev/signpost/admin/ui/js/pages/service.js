// One service: each instance with its address, tags, meta, weights, zone and checks, the actions on it, and the DNS
// answer a resolver would get now, with why each instance is in it or not (/v1/signpost/explain).

import {ApiError, get, put, segment, withQuery} from '../api.js';
import {h, replace, statusBadge, table, when} from '../dom.js';

const MAINTENANCE_CHECK = '_service_maintenance:';

export class ServicePage {
  constructor(app, name) {
    this.app = app;
    this.nav = 'services';
    this.title = name;
    this.name = name;
  }

  mount(main) {
    this.body = h('div', {id: 'service-body'}, h('p', {class: 'muted'}, 'Loading…'));
    replace(main,
        h('p', {class: 'crumbs'}, h('a', {href: '#/services'}, 'Services'), ' / '),
        h('h1', {id: 'service-name'}, this.name),
        h('p', {}, h('a', {href: '#/events?service=' + encodeURIComponent(this.name)}, 'Event history of ' + this.name)),
        this.body);
  }

  async refresh() {
    const [summary, entries] = await Promise.all([
      get('/v1/signpost/services'),
      get('/v1/health/service/' + segment(this.name)),
    ]);
    const domain = summary.Domain;
    const policy = (summary.Services || []).find(s => s.Name.toLowerCase() === this.name.toLowerCase());
    const [srv, a] = domain && entries.length > 0
        ? await Promise.all([this.explain(domain, 'SRV'), this.explain(domain, 'A')])
        : [null, null];
    this.render(entries, policy, domain, srv, a);
  }

  /** The explanation, or the error that kept it from us (shown in its place rather than failing the page). */
  async explain(domain, type) {
    try {
      return await get(withQuery('/v1/signpost/explain', {name: this.name + '.' + domain, type}));
    } catch (e) {
      return {error: e};
    }
  }

  render(entries, policy, domain, srv, a) {
    if (entries.length === 0) {
      replace(this.body, h('p', {class: 'empty', id: 'no-instances'},
          'No instance of ' + this.name + ' is registered now (or the token may not read it). '
          + 'The event history says when its instances left.'));
      return;
    }
    const candidates = new Map();
    for (const explanation of [a, srv]) {
      (explanation && explanation.Instances || []).forEach(c => candidates.set(c.ID, c));
    }
    replace(this.body,
        policy ? h('p', {id: 'policy'}, 'DNS policy: ', h('strong', {}, policy.Strategy),
            policy.OwnPolicy ? '' : ' (default)', ', TTL ', policy.TTL === null ? '—' : policy.TTL + ' s',
            ', answer limit ', policy.AnswerLimit === 0 ? 'none' : String(policy.AnswerLimit)) : null,
        h('h2', {}, 'Instances (' + entries.length + ')'),
        entries.map(entry => this.instance(entry, candidates.get(entry.Service.ID), srv)),
        h('h2', {}, 'DNS answer now'),
        domain ? null : h('p', {class: 'muted'}, 'This server answers no DNS.'),
        srv ? answer(srv, 'SRV') : null,
        a ? answer(a, 'A') : null);
  }

  instance(entry, candidate, srv) {
    const s = entry.Service;
    const checks = entry.Checks || [];
    const inMaintenance = checks.some(c => c.CheckID.startsWith(MAINTENANCE_CHECK));
    const status = candidate ? candidate.Status : derived(checks, inMaintenance);
    const since = new Map(((candidate && candidate.Checks) || []).map(c => [c.CheckID, c.Since]));
    const srvCandidate = srv && !srv.error ? (srv.Instances || []).find(c => c.ID === s.ID) : null;
    const locality = s.Locality ? [s.Locality.Region, s.Locality.Zone].filter(Boolean).join(' / ') : '';
    const weights = s.Weights ? 'passing ' + s.Weights.Passing + ', warning ' + s.Weights.Warning : '—';
    const meta = Object.entries(s.Meta || {});
    return h('section', {class: 'instance', 'data-instance': s.ID, 'aria-labelledby': 'instance-' + s.ID},
        h('h3', {id: 'instance-' + s.ID}, s.ID, ' ', h('span', {class: 'status', 'data-status': status},
            statusBadge(status))),
        srvCandidate ? h('p', {class: 'in-dns'}, srvCandidate.Answered ? 'In DNS answers: ' : 'Not in DNS answers: ',
            srvCandidate.Reason) : null,
        h('dl', {class: 'facts'},
            fact('Address', s.Address || (entry.Node && entry.Node.Address) || '—'),
            fact('Port', s.Port),
            fact('Node', entry.Node ? entry.Node.Node : '—'),
            fact('Tags', (s.Tags || []).length ? (s.Tags || []).map(t => h('span', {class: 'tag'}, t)) : '—'),
            fact('Meta', meta.length ? h('ul', {class: 'meta'}, meta.map(([k, v]) => h('li', {}, h('code', {}, k),
                ' = ', h('code', {}, v)))) : '—'),
            fact('Weights', weights),
            fact('Zone', locality || '—')),
        checks.length === 0 ? h('p', {class: 'muted'}, 'No checks: the instance counts as passing.')
            : table('Checks of ' + s.ID, ['Check', 'Status', 'Output', 'Last change'],
                checks.map(c => h('tr', {'data-check': c.CheckID},
                    h('td', {}, c.Name || c.CheckID, c.Name && c.Name !== c.CheckID
                        ? h('div', {class: 'muted'}, c.CheckID) : null),
                    h('td', {class: 'check-status'}, statusBadge(c.Status)),
                    h('td', {}, c.Output ? h('pre', {class: 'output'}, c.Output) : h('span', {class: 'muted'}, '—')),
                    h('td', {}, since.has(c.CheckID) ? when(since.get(c.CheckID)) : '—'))),
                {class: 'grid checks'}),
        h('div', {class: 'actions'},
            h('button', {type: 'button', 'data-action': inMaintenance ? 'maintenance-off' : 'maintenance-on',
              onclick: () => this.maintenance(s.ID, !inMaintenance)},
            inMaintenance ? 'End maintenance' : 'Start maintenance'),
            h('button', {type: 'button', class: 'danger', 'data-action': 'deregister',
              onclick: () => this.deregister(s.ID)}, 'Deregister')));
  }

  async maintenance(id, enable) {
    const choice = await this.app.confirm(enable ? 'Start maintenance' : 'End maintenance',
        enable ? 'Put ' + id + ' in maintenance? DNS stops answering with it until maintenance ends.'
            : 'End maintenance of ' + id + '? DNS answers with it again once its checks pass.', enable);
    if (!choice.ok) {
      return;
    }
    await this.act(put(withQuery('/v1/agent/service/maintenance/' + segment(id),
        {enable: String(enable), reason: enable ? choice.reason : ''})),
    id + (enable ? ' is in maintenance' : ' is out of maintenance'), id);
  }

  async deregister(id) {
    const choice = await this.app.confirm('Deregister',
        'Deregister ' + id + '? It leaves the registry and DNS at once, with its checks.', false);
    if (!choice.ok) {
      return;
    }
    await this.act(put('/v1/agent/service/deregister/' + segment(id)), id + ' is deregistered', id);
  }

  async act(request, done, id) {
    try {
      await request;
      this.app.notify(done, 'ok');
    } catch (e) {
      if (e instanceof ApiError && e.refused) {
        this.app.notify('Refused: ' + e.message + '. The token in use may not change ' + id
            + '; give one that may (ACL token).', 'error');
      } else {
        this.app.notify('Failed: ' + e.message, 'error');
      }
    }
  }
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

/** The instance's status from its checks, as the registry derives it, when no explanation says. */
function derived(checks, inMaintenance) {
  if (inMaintenance) {
    return 'maintenance';
  }
  const statuses = checks.map(c => c.Status);
  return statuses.includes('critical') ? 'critical' : statuses.includes('warning') ? 'warning' : 'passing';
}

function answer(explanation, type) {
  if (explanation.error) {
    return h('section', {class: 'answer'}, h('h3', {}, type),
        h('p', {class: 'error'}, 'No explanation: ' + explanation.error.message));
  }
  const e = explanation;
  const lines = [...(e.Answer || []), ...(e.Authority || []), ...(e.Additional || [])];
  return h('section', {class: 'answer', 'data-type': type},
      h('h3', {}, e.Name, ' ', type, ' → ', e.Rcode || e.Outcome),
      h('p', {class: 'muted'}, 'As a query from ', e.Client, e.ClientZone ? ' (zone ' + e.ClientZone + ')' : '',
          ' would get it now', e.Policy ? '; strategy ' + e.Policy.Strategy + ', TTL ' + e.Policy.TTL + ' s' : '',
          e.FailingOpen ? '; failing open: every instance fails its checks' : '', '.'),
      h('pre', {class: 'records'}, lines.length ? lines.join('\n') : '(no records)'),
      e.Note ? h('p', {class: 'muted'}, e.Note) : null,
      (e.Instances || []).length ? table(null, ['Instance', 'Status', 'In the answer', 'Why'],
          e.Instances.map(c => h('tr', {},
              h('td', {}, c.ID), h('td', {}, statusBadge(c.Status)),
              h('td', {}, c.Answered ? 'yes, #' + c.Position : 'no'),
              h('td', {}, c.Reason))), {class: 'grid'}) : null);
}
