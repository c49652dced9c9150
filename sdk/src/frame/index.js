/**
 * fincore.js, iframe side: runs inside each card-field page on the PSP origin.
 *
 * The page (rendered by the PSP) names its field, the merchant's publishable key and the vetted
 * merchant origin in data attributes; the channel id comes in the URL fragment. The frame talks
 * only to that origin, only to its parent window, only on that channel.
 */

import { FIELDS, MESSAGES } from '../shared/constants.js';
import { ERROR_TYPES } from '../shared/errors.js';
import { isChannelId } from '../shared/messages.js';
import { createBrandIcon } from './brand-icon.js';
import { createField } from './field.js';
import { linkToParent, linkToSiblings } from './links.js';
import { applyStyle } from './style.js';
import { createTokenizer } from './tokenize.js';

const MAX_NAME_LENGTH = 200;
const REQUEST_ID = /^[0-9a-f]{32}$/;

/** The page's words in its locale (the PSP renders them into the page), or none at all. */
function readStrings(json) {
  try {
    const parsed = JSON.parse(json);
    if (parsed && typeof parsed.errors === 'object') return parsed;
  } catch {
    // Fall through: a field without words still works, its errors show their codes.
  }
  return { errors: {} };
}

function readConfig() {
  const { field, key, parentOrigin } = document.body.dataset;
  const channel = new URLSearchParams(location.hash.slice(1)).get('channel');
  if (!FIELDS.includes(field) || !key || !isChannelId(channel) || window.parent === window) return null;
  // The PSP checked parentOrigin against the merchant's allowed origins; the browser tells who
  // actually framed us. They must agree, or the frame stays silent.
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors[0] !== parentOrigin) return null;
  return { field, key, parentOrigin, channel };
}

function boot({ field, key, parentOrigin, channel }) {
  const input = /** @type {HTMLInputElement} */ (document.getElementById('field'));
  const label = document.getElementById('label');
  const errorText = document.getElementById('error');
  const text = readStrings(document.body.dataset.strings);
  let lastBrand = null;
  let busy = false;

  const handlers = {
    [MESSAGES.CONFIGURE]: configure,
    [MESSAGES.SET_FOCUS]: () => input.focus(),
    [MESSAGES.CLEAR]: () => control.clear(),
  };
  if (field === 'number') handlers[MESSAGES.TOKENIZE] = tokenize;
  const parent = linkToParent(parentOrigin, channel, handlers);
  // The handlers below run on later messages only, once `control` and `tokenizer` exist.
  const siblings = linkToSiblings(channel, {
    [MESSAGES.COLLECT]: (payload) => {
      if (field === 'number' || typeof payload.id !== 'string') return;
      control.submit();
      siblings.post(MESSAGES.COLLECT_RESULT, { id: payload.id, field, value: control.digits() });
    },
    [MESSAGES.COLLECT_RESULT]: (payload) => tokenizer?.collected(payload),
    [MESSAGES.BRAND]: (payload) => {
      if (field === 'cvc' && typeof payload.brand === 'string') control.setBrand(payload.brand);
    },
  });
  const control = createField(input, field, report);
  const tokenizer = field === 'number' ? createTokenizer({ key, number: control, siblings, messages: () => text.errors }) : null;

  const showBrand = field === 'number' ? createBrandIcon(input) : null;
  showBrand?.('unknown');

  function report(state) {
    const message = state.error ? text.errors[state.message] || state.error : '';
    errorText.textContent = message;
    const error = state.error ? { type: ERROR_TYPES.VALIDATION, code: state.error, message, field } : null;
    const change = { field, empty: state.empty, complete: state.complete, valid: !state.error, error };
    if (field === 'number') change.brand = state.brand;
    parent.post(MESSAGES.CHANGE, change);
    if (field === 'number' && state.brand !== lastBrand) {
      lastBrand = state.brand;
      showBrand(state.brand);
      siblings.post(MESSAGES.BRAND, { brand: state.brand });
    }
  }

  // The page already speaks the locale the SDK asked for in its URL; `payload.locale` is older
  // SDKs' way of asking and is not needed.
  function configure(payload) {
    applyStyle(payload.style);
    input.disabled = payload.disabled === true;
    if (typeof payload.ariaLabel === 'string') label.textContent = payload.ariaLabel;
    input.placeholder = typeof payload.placeholder === 'string' ? payload.placeholder : text.placeholder || '';
    const height = Math.ceil(input.getBoundingClientRect().height);
    parent.post(MESSAGES.FRAME_READY, { field, height, title: document.title });
  }

  async function tokenize(payload) {
    const { id, cardholderName } = payload;
    if (busy || typeof id !== 'string' || !REQUEST_ID.test(id)) return;
    const name = typeof cardholderName === 'string' ? cardholderName.slice(0, MAX_NAME_LENGTH) : '';
    busy = true;
    try {
      const result = await tokenizer.tokenize({ cardholderName: name });
      parent.post(MESSAGES.TOKENIZE_RESULT, { id, ...result });
    } finally {
      busy = false;
    }
  }

  // Enter asks the merchant page to submit, as Enter in a form field would.
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    parent.post(MESSAGES.SUBMIT, { field });
  });
  input.addEventListener('focus', () => parent.post(MESSAGES.FOCUS, { field }));
  input.addEventListener('blur', () => parent.post(MESSAGES.BLUR, { field }));
  parent.post(MESSAGES.FRAME_LOADED, { field });
}

const config = readConfig();
if (config) boot(config);
