// The HTTP API as the pages use it: JSON reads and writes that carry the ACL token, and errors that say why.

const TOKEN_KEY = 'signpost.token';

/** The ACL token kept for this tab, or '' when there is none. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** An answer that was not 2xx: its status and the server's message. */
export class ApiError extends Error {
  constructor(status, message, path) {
    super(message || ('HTTP ' + status));
    this.status = status;
    this.path = path;
  }

  /** A refusal by ACLs: a missing or unknown token, or one without the right. */
  get refused() {
    return this.status === 403 && (this.message.startsWith('Permission denied')
        || this.message.startsWith('ACL not found'));
  }
}

async function call(method, path, body) {
  const headers = {'Accept': 'application/json'};
  const secret = token();
  if (secret) {
    headers['X-Consul-Token'] = secret;
  }
  const init = {method, headers, cache: 'no-store', credentials: 'omit'};
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'the server cannot be reached (' + e.message + ')', path);
  }
  const text = await response.text();
  if (response.headers.get('X-Consul-Results-Filtered-By-ACLs') === 'true') {
    // ACLs left out what the token may not read: the page is incomplete, which the app tells the user.
    window.dispatchEvent(new CustomEvent('signpost:filtered', {detail: path}));
  }
  if (!response.ok) {
    throw new ApiError(response.status, text.trim(), path);
  }
  const type = response.headers.get('Content-Type') || '';
  return type.startsWith('application/json') && text ? JSON.parse(text) : text;
}

export function get(path) {
  return call('GET', path);
}

export function put(path, body) {
  return call('PUT', path, body);
}

/** `path` with each query parameter encoded; parameters whose value is null, undefined or '' are left out. */
export function withQuery(path, params) {
  const query = Object.entries(params)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v))
      .join('&');
  return query ? path + '?' + query : path;
}

/** A path segment: a service name or instance id as one segment, whatever it holds. */
export function segment(value) {
  return encodeURIComponent(value);
}
