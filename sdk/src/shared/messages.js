/**
 * The message envelope both sides use: `{protocol, channel, type, payload}`.
 * Reading is strict and silent: anything that is not exactly an envelope of this protocol, for
 * this channel, with a known type and an object payload, is dropped without a word.
 */

import { MESSAGES, PROTOCOL } from './constants.js';

const TYPES = new Set(Object.values(MESSAGES));
const CHANNEL_PATTERN = /^[0-9a-f]{32}$/;

/**
 * @param {string} channel
 * @param {string} type one of MESSAGES
 * @param {object} payload
 */
export function envelope(channel, type, payload) {
  return { protocol: PROTOCOL, channel, type, payload };
}

/**
 * The message's type and payload when `data` is a well-formed envelope for `channel`, else null.
 * @param {unknown} data
 * @param {string} channel
 * @returns {{type: string, payload: Record<string, unknown>} | null}
 */
export function readEnvelope(data, channel) {
  if (!data || typeof data !== 'object') return null;
  const message = /** @type {Record<string, unknown>} */ (data);
  if (message.protocol !== PROTOCOL || message.channel !== channel) return null;
  if (typeof message.type !== 'string' || !TYPES.has(message.type)) return null;
  const payload = message.payload;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
  return { type: message.type, payload: /** @type {Record<string, unknown>} */ (payload) };
}

/** True for a channel id as the SDK makes them: 128 random bits in lowercase hex. */
export function isChannelId(value) {
  return typeof value === 'string' && CHANNEL_PATTERN.test(value);
}
