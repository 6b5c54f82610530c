// Every service: its instances counted by status, its DNS strategy and TTL; filtered by name and by tag.

import {get, withQuery} from '../api.js';
import {h, replace, table} from '../dom.js';

export class ServicesPage {
  constructor(app, name, tag) {
    this.app = app;
    this.nav = 'services';
    this.title = 'Services';
    this.name = name;
    this.tag = tag;
    this.data = null;
  }

  mount(main) {
    this.nameInput = h('input', {id: 'filter-name', type: 'search', value: this.name, autocomplete: 'off',
      placeholder: 'part of a name', oninput: () => this.filtered()});
    this.tagSelect = h('select', {id: 'filter-tag', onchange: () => this.filtered()});
    this.body = h('div', {id: 'services-body'}, h('p', {class: 'muted'}, 'Loading…'));
    replace(main,
        h('h1', {}, 'Services'),
        h('form', {class: 'filters', role: 'search', onsubmit: e => e.preventDefault()},
            h('label', {for: 'filter-name'}, 'Name'), this.nameInput,
            h('label', {for: 'filter-tag'}, 'Tag'), this.tagSelect),
        this.body);
  }

  async refresh() {
    this.data = await get('/v1/signpost/services');
    this.render();
  }

  filtered() {
    this.name = this.nameInput.value.trim();
    this.tag = this.tagSelect.value;
    history.replaceState(null, '', withQuery('#/services', {q: this.name, tag: this.tag}));
    this.render();
  }

  render() {
    if (!this.data) {
      return;
    }
    const services = this.data.Services || [];
    const tags = [...new Set(services.flatMap(s => s.Tags || []))].sort();
    if (this.tag && !tags.includes(this.tag)) {
      tags.unshift(this.tag); // keep the user's choice selectable while no service has it
    }
    replace(this.tagSelect, h('option', {value: ''}, 'any tag'),
        tags.map(t => h('option', {value: t, selected: t === this.tag}, t)));
    const needle = this.name.toLowerCase();
    const shown = services.filter(s => s.Name.toLowerCase().includes(needle)
        && (!this.tag || (s.Tags || []).includes(this.tag)));
    const domain = this.data.Domain;
    const summary = h('p', {class: 'muted', id: 'services-summary'},
        shown.length + ' of ' + services.length + ' services' + (domain ? ', published under ' + domain : ''));
    if (shown.length === 0) {
      replace(this.body, summary, h('p', {class: 'empty'}, services.length === 0
          ? 'No service is registered yet. Register one with PUT /v1/agent/service/register.'
          : 'No service matches the filter.'));
      return;
    }
    const rows = shown.map(s => h('tr', {'data-service': s.Name},
        h('th', {scope: 'row'}, h('a', {href: '#/service/' + encodeURIComponent(s.Name)}, s.Name)),
        h('td', {class: 'tags'}, (s.Tags || []).map(t => h('span', {class: 'tag'}, t))),
        h('td', {class: 'num count-instances'}, s.Instances),
        count(s.Passing, 'passing'), count(s.Warning, 'warning'), count(s.Critical, 'critical'),
        count(s.Maintenance, 'maintenance'),
        h('td', {class: 'strategy'}, s.Strategy, s.OwnPolicy ? '' : h('span', {class: 'muted'}, ' (default)')),
        h('td', {class: 'num ttl'}, s.TTL === null || s.TTL === undefined ? '—' : s.TTL + ' s'),
        h('td', {class: 'num'}, s.AnswerLimit === 0 ? 'none' : s.AnswerLimit)));
    replace(this.body, summary, table(null,
        ['Service', 'Tags', 'Instances', 'Passing', 'Warning', 'Critical', 'Maintenance', 'Strategy', 'TTL',
          'Answer limit'], rows, {id: 'services', class: 'grid'}));
  }
}

function count(n, status) {
  return h('td', {class: 'num count-' + status + (n > 0 ? ' has-' + status : '')}, n);
}
