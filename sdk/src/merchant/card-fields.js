/**
 * The merchant-page half of the card fields: mounts one PSP iframe per field, routes the frames'
 * messages to the merchant's handlers, and asks the number frame for a token.
 *
 * Every incoming message must come from the exact PSP origin, from one of this instance's own
 * iframes, carry this instance's random channel id and be well-formed; anything else is dropped
 * silently. Outgoing messages always name the PSP origin as their target.
 */

import { FIELDS, MESSAGES } from '../shared/constants.js';
import { ERROR_CODES, ERROR_TYPES, FinCoreError, errorFromPlain } from '../shared/errors.js';
import { envelope, readEnvelope } from '../shared/messages.js';
import { randomId } from '../shared/random.js';
import { sanitizeStyle } from '../shared/styles.js';
import { createEmitter } from './emitter.js';
import { createFrame, fieldUrl } from './frames.js';
import { integrationError, resolveContainers, shortText } from './options.js';

const EVENTS = new Set(['ready', 'change', 'focus', 'blur', 'submit', 'error']);
const DEFAULT_CLASSES = {
  base: 'FinCore-field',
  focus: 'FinCore-field--focus',
  invalid: 'FinCore-field--invalid',
  complete: 'FinCore-field--complete',
  empty: 'FinCore-field--empty',
};
const TOKEN_ID = /^tok_[A-Za-z0-9]{1,100}$/;
const LAST4 = /^[0-9]{4}$/;
const TITLE = /^[^<>]{1,100}$/;
const MIN_HEIGHT = 16;
const MAX_HEIGHT = 200;

/**
 * Card fields mounted on the merchant page. Created by `fincore.cardFields()`.
 */
export class CardFields {
  #config;
  #channel = randomId();
  #emitter = createEmitter();
  /** @type {Map<string, {container: Element, iframe: HTMLIFrameElement, ready: boolean}>} */
  #frames = new Map();
  #classes;
  /** @type {Record<string, object>} the fincore:configure payload of each field */
  #configs = {};
  #readyTimer;
  #ready = false;
  #brand = 'unknown';
  #pending = null;
  #listener = (event) => this.#receive(event);
  destroyed = false;

  /**
   * @param {{key: string, pspOrigin: string, locale: string, timeouts: {ready: number, tokenize: number}}} config
   * @param {Record<string, string | Element>} containers
   * @param {object} [options]
   */
  constructor(config, containers, options = {}) {
    const elements = resolveContainers(containers);
    this.#config = config;
    this.#classes = { ...DEFAULT_CLASSES };
    for (const name of Object.keys(DEFAULT_CLASSES)) {
      const given = shortText(options.classes?.[name]);
      if (given && /^[\w-]+$/.test(given)) this.#classes[name] = given;
    }
    checkFonts(options.fonts);
    // Filtered and copied now: later changes to the merchant's objects change nothing.
    const style = sanitizeStyle(options.style);
    for (const field of FIELDS) {
      this.#configs[field] = {
        style,
        placeholder: shortText(options.placeholders?.[field]) ?? null,
        ariaLabel: shortText(options.ariaLabels?.[field]) ?? null,
        locale: config.locale,
        disabled: checkDisabled(options.disabled),
      };
    }
    // Listen before any frame exists, so no early message can be missed.
    window.addEventListener('message', this.#listener);
    for (const field of FIELDS) {
      const container = elements[field];
      const src = fieldUrl(config, field, this.#channel);
      const iframe = createFrame(container, field, src, shortText(options.ariaLabels?.[field]));
      container.classList.add(this.#classes.base, this.#classes.empty);
      this.#frames.set(field, { container, iframe, ready: false });
    }
    this.#readyTimer = setTimeout(() => this.#readyTimedOut(), config.timeouts.ready);
  }

  /**
   * Subscribe to an event: `ready` (all three fields usable; a late subscriber is called at
   * once), `change` ({field, empty, complete, valid, brand, error}), `focus` and `blur`
   * ({field}), `submit` ({field}: the shopper pressed Enter in a field; submit your form), and
   * `error` (a FinCoreError, e.g. `frame_ready_timeout`).
   * @param {'ready'|'change'|'focus'|'blur'|'submit'|'error'} event
   * @param {(payload: any) => void} handler
   * @returns {CardFields} this, for chaining
   */
  on(event, handler) {
    if (!EVENTS.has(event) || typeof handler !== 'function') {
      throw integrationError(ERROR_CODES.INVALID_OPTION, `on() takes one of ${[...EVENTS].join(', ')} and a function.`);
    }
    if (this.destroyed) return this;
    this.#emitter.on(event, handler);
    if (event === 'ready' && this.#ready) queueMicrotask(() => handler({ fields: [...FIELDS] }));
    return this;
  }

  /**
   * Unsubscribe a handler added with `on()`.
   * @param {string} event
   * @param {Function} handler
   * @returns {CardFields} this
   */
  off(event, handler) {
    this.#emitter.off(event, handler);
    return this;
  }

  /**
   * Move the keyboard focus into a field, e.g. to the number after a declined payment.
   * @param {'number'|'expiry'|'cvc'} field
   * @returns {CardFields} this
   */
  focus(field) {
    const frame = this.#frames.get(checkField(field));
    // Focusing the iframe from this page first lets the frame focus its input: a cross-origin
    // frame may not take the focus on its own.
    frame?.iframe.focus();
    this.#post(field, MESSAGES.SET_FOCUS, {});
    return this;
  }

  /**
   * Empty one field, or every field when none is named (e.g. the CVC after a decline).
   * @param {'number'|'expiry'|'cvc'} [field]
   * @returns {CardFields} this
   */
  clear(field) {
    for (const each of field === undefined ? FIELDS : [checkField(field)]) this.#post(each, MESSAGES.CLEAR, {});
    return this;
  }

  /**
   * Change the fields' options after mounting: `style` (replaces the current one, through the
   * same allow-list), `placeholders` (per field) and `disabled` (all fields).
   * @param {{style?: object, placeholders?: object, disabled?: boolean}} options
   * @returns {CardFields} this
   */
  update(options = {}) {
    const style = options.style === undefined ? undefined : sanitizeStyle(options.style);
    const disabled = options.disabled === undefined ? undefined : checkDisabled(options.disabled);
    for (const field of FIELDS) {
      const next = { ...this.#configs[field] };
      if (style) next.style = style;
      if (disabled !== undefined) next.disabled = disabled;
      const placeholder = shortText(options.placeholders?.[field]);
      if (placeholder !== undefined) next.placeholder = placeholder;
      this.#configs[field] = next;
      if (this.#frames.get(field)?.ready) this.#configure(field);
    }
    return this;
  }

  /**
   * Remove the iframes, the message listener, every handler and timer. A pending `tokenize()`
   * resolves with a `fields_destroyed` error. Safe to call twice.
   */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    window.removeEventListener('message', this.#listener);
    clearTimeout(this.#readyTimer);
    this.#settle({ error: integrationError(ERROR_CODES.FIELDS_DESTROYED, 'The card fields were destroyed.') });
    for (const { container, iframe } of this.#frames.values()) {
      iframe.remove();
      container.classList.remove(...Object.values(this.#classes));
    }
    this.#frames.clear();
    this.#emitter.clear();
  }

  /**
   * Ask the number frame to tokenize; used by `fincore.tokenize()`.
   * @param {{cardholderName?: string}} details
   * @returns {Promise<{token: object} | {error: FinCoreError}>}
   */
  tokenize(details) {
    if (this.destroyed) return failed(ERROR_CODES.FIELDS_DESTROYED, 'The card fields were destroyed.');
    if (!this.#ready) return failed(ERROR_CODES.FIELDS_NOT_READY, 'The card fields are not ready yet: wait for the "ready" event.');
    if (this.#pending) return failed(ERROR_CODES.TOKENIZE_IN_PROGRESS, 'A tokenize() call is already in progress.');
    const name = shortText(details?.cardholderName, 200);
    return new Promise((resolve) => {
      const id = randomId();
      const timer = setTimeout(() => this.#settle({ error: timeoutError(ERROR_CODES.TOKENIZE_TIMEOUT, 'The card fields did not answer in time.') }), this.#config.timeouts.tokenize);
      this.#pending = { id, resolve, timer };
      this.#post('number', MESSAGES.TOKENIZE, name ? { id, cardholderName: name } : { id });
    });
  }

  #receive(event) {
    if (event.origin !== this.#config.pspOrigin) return;
    const field = this.#fieldOf(event.source);
    const message = field && readEnvelope(event.data, this.#channel);
    if (!message) return;
    const { type, payload } = message;
    if (type === MESSAGES.FRAME_LOADED) this.#configure(field);
    else if (type === MESSAGES.FRAME_READY) this.#frameReady(field, payload);
    else if (type === MESSAGES.CHANGE) this.#change(field, payload);
    else if (type === MESSAGES.FOCUS || type === MESSAGES.BLUR) this.#focus(field, type === MESSAGES.FOCUS);
    else if (type === MESSAGES.SUBMIT) this.#emitter.emit('submit', { field });
    else if (type === MESSAGES.TOKENIZE_RESULT && field === 'number') this.#tokenizeResult(payload);
  }

  #fieldOf(source) {
    for (const [field, { iframe }] of this.#frames) {
      if (source && iframe.contentWindow === source) return field;
    }
    return null;
  }

  #post(field, type, payload) {
    const target = this.#frames.get(field)?.iframe.contentWindow;
    target?.postMessage(envelope(this.#channel, type, payload), this.#config.pspOrigin);
  }

  #configure(field) {
    this.#post(field, MESSAGES.CONFIGURE, this.#configs[field]);
  }

  #frameReady(field, payload) {
    const frame = this.#frames.get(field);
    const height = payload.height;
    if (typeof height === 'number' && height >= MIN_HEIGHT && height <= MAX_HEIGHT) {
      frame.iframe.style.height = `${Math.ceil(height)}px`;
    }
    // The frame's title in the shopper's language, unless the merchant gave its own label.
    if (!this.#configs[field].ariaLabel && typeof payload.title === 'string' && TITLE.test(payload.title)) {
      frame.iframe.title = payload.title;
    }
    frame.ready = true;
    if (this.#ready || ![...this.#frames.values()].every((each) => each.ready)) return;
    this.#ready = true;
    clearTimeout(this.#readyTimer);
    this.#emitter.emit('ready', { fields: [...FIELDS] });
  }

  #change(field, payload) {
    const { empty, complete, valid, brand } = payload;
    if (typeof empty !== 'boolean' || typeof complete !== 'boolean' || typeof valid !== 'boolean') return;
    if (field === 'number' && typeof brand === 'string' && /^[a-z]{1,20}$/.test(brand)) this.#brand = brand;
    const error = payload.error == null ? null : errorFromPlain(payload.error, FIELDS);
    const { container } = this.#frames.get(field);
    container.classList.toggle(this.#classes.empty, empty);
    container.classList.toggle(this.#classes.complete, complete);
    container.classList.toggle(this.#classes.invalid, !valid);
    this.#emitter.emit('change', { field, empty, complete, valid, brand: this.#brand, error });
  }

  #focus(field, focused) {
    this.#frames.get(field).container.classList.toggle(this.#classes.focus, focused);
    this.#emitter.emit(focused ? 'focus' : 'blur', { field });
  }

  #tokenizeResult(payload) {
    if (!this.#pending || payload.id !== this.#pending.id) return;
    const token = safeToken(payload.token);
    if (token) return this.#settle({ token });
    const error = errorFromPlain(payload.error, FIELDS) || new FinCoreError(ERROR_TYPES.API, ERROR_CODES.FRAME_ERROR, 'The card fields sent an unreadable answer.');
    this.#settle({ error });
  }

  #settle(result) {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    clearTimeout(pending.timer);
    pending.resolve(result);
  }

  #readyTimedOut() {
    const missing = [...this.#frames].filter(([, frame]) => !frame.ready).map(([field]) => field);
    this.#emitter.emit('error', timeoutError(ERROR_CODES.FRAME_READY_TIMEOUT, `The card fields did not load in time (${missing.join(', ')}).`));
  }
}

function checkField(field) {
  if (!FIELDS.includes(field)) {
    throw integrationError(ERROR_CODES.INVALID_OPTION, `Name a card field: ${FIELDS.join(', ')}.`);
  }
  return field;
}

function checkDisabled(value = false) {
  if (typeof value !== 'boolean') throw integrationError(ERROR_CODES.INVALID_OPTION, 'disabled must be true or false.');
  return value;
}

/**
 * Web fonts are refused rather than ignored: the fields' page loads nothing from other hosts
 * (its CSP says so), so a font URL could never apply, and silence would hide that.
 */
function checkFonts(fonts) {
  if (fonts === undefined || (Array.isArray(fonts) && fonts.length === 0)) return;
  throw integrationError(
    ERROR_CODES.INVALID_OPTION,
    'The fonts option is not supported: the card fields load nothing from other hosts. Use a system font stack in style.base.fontFamily.',
  );
}

function timeoutError(code, message) {
  return new FinCoreError(ERROR_TYPES.TIMEOUT, code, message);
}

function failed(code, message) {
  return Promise.resolve({ error: integrationError(code, message) });
}

/** Only the display-safe token fields, copied: nothing else from the frame reaches the page. */
function safeToken(token) {
  if (!token || typeof token !== 'object' || !TOKEN_ID.test(token.id)) return null;
  const card = token.card || {};
  const { brand, last4, exp_month: month, exp_year: year } = card;
  if (typeof brand !== 'string' || !LAST4.test(last4)) return null;
  if (!Number.isInteger(month) || !Number.isInteger(year)) return null;
  return { id: token.id, card: { brand, last4, exp_month: month, exp_year: year } };
}
