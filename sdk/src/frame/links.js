/**
 * The frame's two conversations: with the merchant page (postMessage, exact origin and source
 * checks both ways) and with its sibling frames (a BroadcastChannel, which only pages of the PSP
 * origin can join, named after the channel id so only this SDK instance's frames share it).
 */

import { envelope, readEnvelope } from '../shared/messages.js';

/**
 * @param {string} parentOrigin the merchant page's exact origin, vetted by the PSP
 * @param {string} channel
 * @param {Record<string, (payload: object) => void>} handlers by message type
 */
export function linkToParent(parentOrigin, channel, handlers) {
  window.addEventListener('message', (event) => {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    const message = readEnvelope(event.data, channel);
    if (message && handlers[message.type]) handlers[message.type](message.payload);
  });
  return {
    post(type, payload) {
      window.parent.postMessage(envelope(channel, type, payload), parentOrigin);
    },
  };
}

/**
 * @param {string} channel
 * @param {Record<string, (payload: object) => void>} handlers by message type
 */
export function linkToSiblings(channel, handlers) {
  const bus = new BroadcastChannel(`fincore:${channel}`);
  bus.onmessage = (event) => {
    if (event.origin && event.origin !== location.origin) return;
    const message = readEnvelope(event.data, channel);
    if (message && handlers[message.type]) handlers[message.type](message.payload);
  };
  return {
    post(type, payload) {
      bus.postMessage(envelope(channel, type, payload));
    },
  };
}
