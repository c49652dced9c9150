/**
 * Everything both sides of the frame protocol must agree on, defined once: the merchant-page SDK
 * and the PSP-hosted field frames import these names, and `sdk/protocol/` documents them.
 */

/** Version of the built files; the CDN path and file names carry it. */
export const SDK_VERSION = '1.0.0';

/** Protocol tag on every message; a side that sees another tag drops the message. */
export const PROTOCOL = 'fincore/1';

/** The card fields, in the order a shopper fills them (and errors are reported). */
export const FIELDS = ['number', 'expiry', 'cvc'];

/** Where the PSP serves one field page: `${pspOrigin}${FIELDS_PATH}${field}`. */
export const FIELDS_PATH = '/fields/v1/';

/** Message names, namespaced so they cannot be mistaken for another library's messages. */
export const MESSAGES = {
  // Frame -> merchant page: the frame has booted and waits for its configuration.
  FRAME_LOADED: 'fincore:frame-loaded',
  // Merchant page -> frame: styles (already filtered), placeholder, accessible label, locale,
  // disabled; sent again by card.update().
  CONFIGURE: 'fincore:configure',
  // Frame -> merchant page: configured and usable; carries the height the frame wants.
  FRAME_READY: 'fincore:frame-ready',
  // Frame -> merchant page: the field's state changed ({field, empty, complete, valid, error}).
  CHANGE: 'fincore:change',
  FOCUS: 'fincore:focus',
  BLUR: 'fincore:blur',
  // Merchant page -> frame: card.focus(field), card.clear(field).
  SET_FOCUS: 'fincore:set-focus',
  CLEAR: 'fincore:clear',
  // Frame -> merchant page: the shopper pressed Enter in the field.
  SUBMIT: 'fincore:submit',
  // Merchant page -> number frame, and its answer: {id, token} or {id, error}.
  TOKENIZE: 'fincore:tokenize',
  TOKENIZE_RESULT: 'fincore:tokenize-result',
  // Between the PSP frames only (a BroadcastChannel on the PSP origin): never seen by the page.
  COLLECT: 'fincore:collect',
  COLLECT_RESULT: 'fincore:collect-result',
  BRAND: 'fincore:brand',
  // PSP challenge frame -> merchant page: the 3-D Secure challenge ended ({charge, status}).
  THREE_DS_RESULT: 'fincore:three-ds-result',
};

/** Default time limits in milliseconds; each gives a FinCoreError with a stable code. */
export const TIMEOUTS = {
  // All three frames loaded and configured.
  ready: 10000,
  // The number frame answers a tokenize request (it includes the PSP round trip).
  tokenize: 30000,
  // Inside the PSP origin: sibling frames hand over their values.
  collect: 3000,
  // The number frame's POST to the PSP's /v1/tokens.
  request: 20000,
};

/**
 * Locales the field frames speak (the PSP's fields/locales.json has their words; a test keeps
 * the two in step); anything else falls back to the first.
 */
export const LOCALES = ['en', 'fr', 'de', 'es', 'ja'];

/**
 * The production PSP origin: used when the merchant passes no `pspOrigin`. Concrete, never a
 * wildcard, so "no option given" can never mean "accept any origin".
 */
export const DEFAULT_PSP_ORIGIN = 'https://psp.fincore.example';
