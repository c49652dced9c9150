/** Creating the PSP iframe for one field. */

import { FIELDS_PATH } from '../shared/constants.js';

// Until the frame tells its title in the shopper's language.
const DEFAULT_TITLES = {
  number: 'Secure card number input',
  expiry: 'Secure card expiration date input',
  cvc: 'Secure card security code input',
};

// Until the frame reports the height its content needs.
const INITIAL_HEIGHT = '40px';

/**
 * The URL of a field page. The key and the page's origin go in the query (the PSP needs them to
 * choose its frame-ancestors); the channel id goes in the fragment, which is never sent to a
 * server, so it appears in no log.
 */
export function fieldUrl({ pspOrigin, key, locale }, field, channel) {
  const query = new URLSearchParams({ key, origin: location.origin, locale });
  return `${pspOrigin}${FIELDS_PATH}${field}?${query}#channel=${channel}`;
}

/** An iframe for `field`, appended to `container`. */
export function createFrame(container, field, src, title) {
  const iframe = document.createElement('iframe');
  iframe.src = src;
  iframe.title = title || DEFAULT_TITLES[field];
  iframe.setAttribute('scrolling', 'no');
  iframe.style.cssText = `display:block;width:100%;height:${INITIAL_HEIGHT};border:0;overflow:hidden;background:transparent`;
  container.appendChild(iframe);
  return iframe;
}
