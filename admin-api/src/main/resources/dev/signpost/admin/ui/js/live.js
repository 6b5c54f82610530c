// Keeps the page current without reloads: an EventSource on /v1/signpost/events whose every event asks the page
// to fetch again (debounced, so a burst of changes is one refetch), reconnecting after errors. While the stream is
// down the page is polled instead, so it never stays stale.

import {token} from './api.js';

const TYPES = ['registered', 'updated', 'deregistered', 'health', 'maintenance', 'policy', 'node'];
const DEBOUNCE_MS = 150;
const POLL_MS = 5000;
const MAX_BACKOFF_MS = 15000;

export class Live {
  /**
   * @param onChange called (debounced) when something changed, or may have while the stream was down
   * @param onState called with 'live', 'connecting' or 'down' (and a detail) as the stream's state changes
   */
  constructor(onChange, onState) {
    this.onChange = onChange;
    this.onState = onState;
    this.source = null;
    this.timer = null;
    this.retry = null;
    this.poll = null;
    this.backoff = 1000;
  }

  /** Opens the stream (again: after a token change, say); polling, if on, goes on until the stream opens. */
  start() {
    this.close();
    const secret = token();
    const url = '/v1/signpost/events' + (secret ? '?token=' + encodeURIComponent(secret) : '');
    this.onState('connecting');
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener('open', () => {
      this.backoff = 1000;
      this.stopPolling();
      this.onState('live');
      this.changed(); // what happened while we were not listening
    });
    const changed = () => this.changed();
    TYPES.forEach(type => source.addEventListener(type, changed));
    source.addEventListener('message', changed);
    source.addEventListener('error', () => {
      if (this.source !== source) {
        return;
      }
      // EventSource retries a dropped connection by itself, but gives up on an HTTP error (403, 404): then we
      // start again ourselves, waiting longer each time.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        this.source = null;
        this.onState('down', 'retrying in ' + Math.round(this.backoff / 1000) + ' s');
        this.startPolling();
        this.retry = setTimeout(() => this.start(), this.backoff);
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      } else {
        this.onState('connecting');
        this.startPolling();
      }
    });
  }

  close() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
    clearTimeout(this.retry);
    this.retry = null;
  }

  /** Asks the page to refetch once, soon, however many events arrive meanwhile. */
  changed() {
    if (this.timer !== null) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange();
    }, DEBOUNCE_MS);
  }

  startPolling() {
    if (this.poll === null) {
      this.poll = setInterval(() => this.changed(), POLL_MS);
    }
  }

  stopPolling() {
    clearInterval(this.poll);
    this.poll = null;
  }
}
