/**
 * `fincore.handleNextAction(payment)`: the PSP's 3-D Secure challenge in a modal frame (steps
 * 15-17 of the flow).
 *
 * The challenge URL must be on the configured PSP origin, exactly: a `next_action` swapped for
 * another origin (a phishing page) is refused before anything is shown. The frame's one message,
 * `fincore:three-ds-result`, is accepted only from that origin, from this frame, on this call's
 * random channel, as the card fields' messages are. The outcome is for the shopper's page; the
 * merchant backend confirms it with the Payment Service (or its webhook) before fulfilling.
 */

import { MESSAGES } from '../shared/constants.js';
import { ERROR_CODES, ERROR_TYPES, FinCoreError } from '../shared/errors.js';
import { readEnvelope } from '../shared/messages.js';
import { randomId } from '../shared/random.js';

const OUTCOMES = new Set(['succeeded', 'failed']);
const OVERLAY_CSS = 'position:fixed;inset:0;z-index:2147483647;display:grid;place-items:center;background:#0009';
const DIALOG_CSS = 'background:#fff;padding:8px;width:min(440px,94vw)';
const FRAME_CSS = 'display:block;border:0;width:100%;height:400px';

function failure(type, code, message) {
  return { error: new FinCoreError(type, code, message) };
}

/** The challenge URL of a payment, or a FinCoreError saying why it cannot be opened. */
export function challengeUrl(pspOrigin, payment) {
  const action = payment && payment.next_action;
  if (!action || action.type !== 'three_d_secure' || typeof action.url !== 'string') {
    return failure(ERROR_TYPES.INTEGRATION, ERROR_CODES.INVALID_NEXT_ACTION, 'No 3-D Secure next_action.');
  }
  let url = null;
  try {
    url = new URL(action.url);
  } catch {
    url = null;
  }
  if (!url || url.origin !== pspOrigin || url.username || url.password) {
    return failure(ERROR_TYPES.INTEGRATION, ERROR_CODES.NEXT_ACTION_ORIGIN_MISMATCH, 'next_action URL is not on the PSP origin.');
  }
  return { url };
}

/**
 * @param {{pspOrigin: string}} config
 * @param {{id?: string, status?: string, next_action?: {type: string, url: string}}} payment
 * @returns {Promise<{status: string, payment?: string} | {error: FinCoreError}>}
 */
export function handleNextAction(config, payment) {
  if (payment && payment.status !== 'requires_action' && typeof payment.status === 'string') {
    // Nothing to do: the payment is already past authentication.
    return Promise.resolve({ status: payment.status, payment: payment.id });
  }
  const checked = challengeUrl(config.pspOrigin, payment);
  if (checked.error) return Promise.resolve(checked);
  const channel = randomId();
  const src = checked.url;
  src.search = new URLSearchParams({ origin: location.origin }).toString();
  src.hash = `channel=${channel}`;
  return new Promise((resolve) => openChallenge(config.pspOrigin, src.href, channel, payment.id, resolve));
}

function openChallenge(pspOrigin, src, channel, paymentId, resolve) {
  const returnFocus = document.activeElement;
  const overlay = document.createElement('div');
  overlay.style.cssText = OVERLAY_CSS;
  overlay.dataset.fincore = 'three-ds';
  const dialog = document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-label', 'Confirm the payment with your bank');
  dialog.style.cssText = DIALOG_CSS;
  const iframe = document.createElement('iframe');
  iframe.title = '3-D Secure';
  iframe.style.cssText = FRAME_CSS;
  iframe.src = src;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  dialog.append(iframe, cancel);
  overlay.append(dialog);

  function close(outcome) {
    window.removeEventListener('message', receive);
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('focusin', keepFocus, true);
    overlay.remove();
    if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus();
    resolve(outcome);
  }
  function receive(event) {
    if (event.origin !== pspOrigin || event.source !== iframe.contentWindow) return;
    const message = readEnvelope(event.data, channel);
    if (!message || message.type !== MESSAGES.THREE_DS_RESULT) return;
    const status = message.payload.status;
    if (typeof status !== 'string' || !OUTCOMES.has(status)) return;
    close({ status, payment: paymentId });
  }
  // A modal: Tab cycles between the challenge frame and Cancel; Escape cancels.
  function onKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel.click();
    } else if (event.key === 'Tab') {
      event.preventDefault();
      (document.activeElement === cancel ? iframe : cancel).focus();
    }
  }
  function keepFocus(event) {
    if (!dialog.contains(/** @type {Node} */ (event.target))) iframe.focus();
  }
  cancel.addEventListener('click', () =>
    close(failure(ERROR_TYPES.API, ERROR_CODES.AUTHENTICATION_CANCELED, 'The shopper closed the challenge.')),
  );
  window.addEventListener('message', receive);
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('focusin', keepFocus, true);
  document.body.append(overlay);
  iframe.focus();
}
