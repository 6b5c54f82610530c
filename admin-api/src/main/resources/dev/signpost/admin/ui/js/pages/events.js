// The event history (/v1/signpost/events as JSON): what changed, when, and whether it moved an instance in or out
// of DNS; newest first, filtered by service.

import {ApiError, get, withQuery} from '../api.js';
import {h, replace, statusBadge, table, when} from '../dom.js';

const LIMIT = 200;

export class EventsPage {
  constructor(app, service) {
    this.app = app;
    this.nav = 'events';
    this.title = 'Events';
    this.service = service;
  }

  mount(main) {
    this.serviceInput = h('input', {id: 'events-service', type: 'search', value: this.service, autocomplete: 'off',
      placeholder: 'every service'});
    this.body = h('div', {id: 'events-body'}, h('p', {class: 'muted'}, 'Loading…'));
    replace(main,
        h('h1', {}, 'Events'),
        h('form', {class: 'filters', role: 'search', onsubmit: e => {
          e.preventDefault();
          this.service = this.serviceInput.value.trim();
          history.replaceState(null, '', withQuery('#/events', {service: this.service}));
          this.body.replaceChildren(h('p', {class: 'muted'}, 'Loading…'));
          this.refresh().catch(err => this.app.failed(this.body, err));
        }},
        h('label', {for: 'events-service'}, 'Service'), this.serviceInput,
        h('button', {type: 'submit'}, 'Filter')),
        this.body);
  }

  async refresh() {
    let events;
    try {
      events = await get(withQuery('/v1/signpost/events', {service: this.service, limit: LIMIT}));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        replace(this.body, h('p', {class: 'error'}, 'This server keeps no event history (' + e.message + ').'));
        return;
      }
      throw e;
    }
    const newest = [...events].sort((x, y) => y.Index - x.Index);
    if (newest.length === 0) {
      replace(this.body, h('p', {class: 'empty'}, this.service
          ? 'No event of ' + this.service + ' in the history.' : 'No event in the history yet.'));
      return;
    }
    replace(this.body,
        h('p', {class: 'muted'}, 'The ' + newest.length + ' newest events' + (this.service ? ' of ' + this.service : '')
            + (newest.length === LIMIT ? ' (older ones: GET /v1/signpost/events?since=INDEX)' : '') + '.'),
        table(null, ['When', 'Index', 'What', 'Service', 'Instance', 'Status', 'In DNS', 'Details', 'By'],
            newest.map(row), {id: 'events', class: 'grid'}));
  }
}

function row(e) {
  const check = e.Check || null;
  return h('tr', {'data-type': e.Type, 'data-index': e.Index},
      h('td', {}, when(e.Time)),
      h('td', {class: 'num'}, e.Index),
      h('td', {}, h('span', {class: 'event-type'}, e.Type)),
      h('td', {}, e.Service ? h('a', {href: '#/service/' + encodeURIComponent(e.Service)}, e.Service) : '—'),
      h('td', {}, e.Instance || e.Node || '—'),
      h('td', {}, e.PreviousStatus && e.PreviousStatus !== e.Status ? [statusBadge(e.PreviousStatus), ' → '] : null,
          e.Status ? statusBadge(e.Status) : '—'),
      h('td', {}, inDns(e)),
      h('td', {}, e.Summary || '', check ? h('div', {class: 'muted'}, 'check ' + check.CheckID
          + (check.Status ? ' ' + check.Status : '') + (check.Output ? ': ' : '')) : null,
      check && check.Output ? h('pre', {class: 'output'}, check.Output) : null),
      h('td', {}, e.By || '—'));
}

function inDns(e) {
  if (!e.Instance || e.InDns === undefined || e.InDns === null) {
    return '—';
  }
  if (e.WasInDns === e.InDns) {
    return e.InDns ? 'in' : 'out';
  }
  return e.InDns ? 'entered' : 'left';
}
