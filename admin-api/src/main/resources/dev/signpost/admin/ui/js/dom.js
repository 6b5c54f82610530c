// Builds DOM nodes from values. Text always goes in as text (textContent, text nodes), never as HTML: service
// names, tags, meta and check output come from whoever registered them.

/**
 * h('a', {href: '#/x', class: 'y'}, 'text', child) -> element. Attribute values are set with setAttribute;
 * `on*` keys that hold functions become listeners; null/undefined/false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function' && key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces everything inside `node` with `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** A status word as a badge: the word itself is the information, the colour only repeats it. */
export function statusBadge(status) {
  const known = ['passing', 'warning', 'critical', 'maintenance'];
  const cls = known.includes(status) ? status : 'unknown';
  return h('span', {class: 'badge badge-' + cls}, status || 'unknown');
}

/** A table with a caption, header cells and rows of cells (each a node, a string or an array of them). */
export function table(caption, headers, rows, attrs) {
  return h('table', attrs || {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows));
}

/** "12:03:04 (5 min ago)" for a time the API gave (RFC 3339 text or epoch milliseconds). */
export function when(time) {
  if (time === null || time === undefined || time === '') {
    return '—';
  }
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) {
    return String(time);
  }
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  let ago;
  if (seconds < 5) {
    ago = 'just now';
  } else if (seconds < 120) {
    ago = seconds + ' s ago';
  } else if (seconds < 7200) {
    ago = Math.round(seconds / 60) + ' min ago';
  } else if (seconds < 172800) {
    ago = Math.round(seconds / 3600) + ' h ago';
  } else {
    ago = Math.round(seconds / 86400) + ' days ago';
  }
  return h('time', {datetime: date.toISOString(), title: date.toISOString()},
      date.toLocaleString() + ' (' + ago + ')');
}
