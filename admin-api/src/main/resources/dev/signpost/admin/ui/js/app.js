// The dashboard: a hash router over four pages, the live stream that keeps the shown page current, the ACL token
// prompt, and the confirmation dialog the pages' actions go through.

import {ApiError, setToken, token} from './api.js';
import {h, replace} from './dom.js';
import {Live} from './live.js';
import {EventsPage} from './pages/events.js';
import {NodePage} from './pages/node.js';
import {ServicePage} from './pages/service.js';
import {ServicesPage} from './pages/services.js';

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const liveLabel = document.getElementById('live');

/** What pages need from the app. */
const app = {
  confirm,
  askToken,
  notify,
  /** Shows a read that failed: a refusal asks for a token, anything else says what went wrong. */
  failed(container, error) {
    if (error instanceof ApiError && error.refused) {
      replace(container, h('section', {class: 'refused', 'data-refused': 'read'},
          h('h2', {}, 'An ACL token is needed'),
          h('p', {}, token()
              ? 'The server refused the token in use: ' + error.message + '. It may not read this page, or it does not exist.'
              : 'This server checks ACL tokens, and reading this page needs one: ' + error.message + '.'),
          h('button', {type: 'button', onclick: () => askToken(error.message)}, 'Give a token')));
      askToken(error.message);
    } else {
      replace(container, h('p', {class: 'error'}, 'Could not load this page: ' + error.message));
    }
  },
};

/** Route → page, from the hash: #/services, #/service/<name>, #/events?service=<name>, #/node. */
function route() {
  const hash = location.hash.replace(/^#/, '') || '/services';
  const [path, queryText] = hash.split('?', 2);
  const query = new URLSearchParams(queryText || '');
  const parts = path.split('/').filter(p => p !== '');
  switch (parts[0]) {
    case 'service':
      return parts.length === 2 ? new ServicePage(app, decodeURIComponent(parts[1])) : null;
    case 'events':
      return new EventsPage(app, query.get('service') || '');
    case 'node':
      return new NodePage(app);
    case 'services':
    case undefined:
      return new ServicesPage(app, query.get('q') || '', query.get('tag') || '');
    default:
      return null;
  }
}

let page = null;
let running = false;
let again = false;

async function show() {
  if (page) {
    page.leave?.();
  }
  page = route();
  notify(null);
  const name = page ? page.nav : null;
  document.querySelectorAll('nav a').forEach(a => {
    if (a.dataset.page === name) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  if (!page) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ' + location.hash + '. '),
        h('a', {href: '#/services'}, 'Go to the services'));
    return;
  }
  document.title = page.title + ' · Signpost';
  page.mount(main);
  await refresh();
}

/** Refetches the shown page; a refetch asked for while one runs runs once more after it. */
async function refresh() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      const shown = page;
      if (shown) {
        try {
          await shown.refresh();
        } catch (e) {
          if (shown === page) {
            app.failed(shown.body || main, e);
          }
        }
      }
    } while (again);
  } finally {
    running = false;
  }
}

const LIVE_TEXT = {live: 'live', connecting: 'connecting…', down: 'not live'};
const live = new Live(refresh, (state, detail) => {
  liveLabel.textContent = LIVE_TEXT[state] + (detail ? ' (' + detail + ')' : '');
  liveLabel.dataset.state = state;
});

/** Shows a message above the page (null hides it); kind 'error' or 'ok'. */
function notify(message, kind) {
  if (!message) {
    notice.hidden = true;
    notice.textContent = '';
    return;
  }
  notice.textContent = message;
  notice.className = 'notice notice-' + (kind || 'ok');
  notice.hidden = false;
}

// The confirmation dialog: resolves to {ok, reason}.
const confirmDialog = document.getElementById('confirm');
let confirmResolve = null;

function confirm(title, message, withReason) {
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-message').textContent = message;
  document.getElementById('confirm-reason-row').hidden = !withReason;
  document.getElementById('confirm-reason').value = '';
  confirmDialog.showModal();
  (withReason ? document.getElementById('confirm-reason') : document.getElementById('confirm-cancel')).focus();
  return new Promise(resolve => {
    confirmResolve = resolve;
  });
}

function closeConfirm(ok) {
  const resolve = confirmResolve;
  confirmResolve = null;
  const reason = document.getElementById('confirm-reason').value.trim();
  if (confirmDialog.open) {
    confirmDialog.close();
  }
  if (resolve) {
    resolve({ok, reason});
  }
}

document.getElementById('confirm-form').addEventListener('submit', e => {
  e.preventDefault();
  closeConfirm(true);
});
document.getElementById('confirm-cancel').addEventListener('click', () => closeConfirm(false));
confirmDialog.addEventListener('cancel', e => {
  e.preventDefault();
  closeConfirm(false);
});

// The token dialog.
const tokenDialog = document.getElementById('token-dialog');

function askToken(why) {
  if (tokenDialog.open) {
    return;
  }
  document.getElementById('token-why').textContent = (why ? 'The server answered "' + why + '". ' : '')
      + 'Give an ACL token that may read what you want to see, and write what you want to change. It is kept in this'
      + ' tab only (session storage) and sent as X-Consul-Token.';
  const input = document.getElementById('token-input');
  input.value = token();
  tokenDialog.showModal();
  input.focus();
}

function useToken(value) {
  setToken(value);
  tokenDialog.close();
  notify(null);
  document.getElementById('token-button').textContent = token() ? 'ACL token (set)' : 'ACL token';
  live.start();
  refresh();
}

document.getElementById('token-form').addEventListener('submit', e => {
  e.preventDefault();
  useToken(document.getElementById('token-input').value.trim());
});
document.getElementById('token-forget').addEventListener('click', () => useToken(''));
document.getElementById('token-cancel').addEventListener('click', () => tokenDialog.close());
document.getElementById('token-button').addEventListener('click', () => askToken(null));
document.getElementById('token-button').textContent = token() ? 'ACL token (set)' : 'ACL token';

// A list the server filtered by ACLs: without a token, ask for one (once, not on every refetch); with one, say so.
let askedForFiltered = false;
window.addEventListener('signpost:filtered', () => {
  const why = 'Some entries are hidden: ACLs leave out what ' + (token() ? 'the token in use' : 'a request without a token')
      + ' may not read';
  if (!token() && !askedForFiltered) {
    askedForFiltered = true;
    askToken(why);
  }
  if (notice.hidden) {
    notify(why + '.', 'error');
  }
});

window.addEventListener('hashchange', show);
live.start();
show();
