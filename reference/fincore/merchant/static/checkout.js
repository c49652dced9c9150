// The demo checkout page's own script (steps 2, 8 and 9): mount the PSP card fields, show live
// validation, tokenize on Pay, and send only the token to this shop's backend. A payment that
// needs 3-D Secure goes through the PSP's challenge (handleNextAction, steps 15-16), then the
// backend confirms the outcome with the Payment Service (step 17). Where the shop receives
// FinCore's webhooks, the page then shows the order as the webhook left it (steps 13-14): the
// source of truth, beside what the SDK and the backend said at once.
'use strict';

(function checkout() {
  const form = document.getElementById('payment-form');
  const payButton = document.getElementById('pay');
  const outcome = document.getElementById('outcome');
  const authentication = document.getElementById('authentication');
  const nameInput = document.getElementById('cardholder-name');
  const orderNote = document.getElementById('order');
  const { publishableKey, pspOrigin, webhooks } = document.body.dataset;

  function show(kind, message) {
    outcome.dataset.kind = kind;
    outcome.textContent = message;
  }

  // Runs after fincore.js (both scripts are deferred, in order). When the CDN file was altered,
  // the browser's Subresource Integrity check refused to run it and FinCore is missing.
  if (typeof window.FinCore !== 'function') {
    document.body.dataset.sdk = 'blocked';
    show('error', 'The secure payment form could not be loaded: fincore.js failed its integrity check or could not be fetched. Payment is disabled.');
    return;
  }

  const fincore = window.FinCore(publishableKey, { pspOrigin });
  const card = fincore.cardFields(
    { number: '#card-number', expiry: '#card-expiry', cvc: '#card-cvc' },
    {
      style: {
        base: { color: '#1f2933', fontSize: '16px', '::placeholder': { color: '#9aa5b1' } },
        invalid: { color: '#b42318' },
      },
    },
  );
  // For the browser console (and the tests): the SDK objects of this page.
  window.fincoreCheckout = { fincore, card };

  card.on('ready', () => {
    performance.mark('fincore:fields-ready');
    document.body.dataset.fieldsReady = 'true';
    payButton.disabled = false;
  });
  card.on('change', (event) => {
    document.getElementById(`card-${event.field}-error`).textContent = event.error ? event.error.message : '';
    // Typing into the field the last decline pointed at clears the mark (emptying it does not:
    // that is how a declined security code is asked for again).
    if (!event.empty) document.getElementById(`card-${event.field}`).classList.remove('card-field--declined');
  });
  card.on('error', (error) => show('error', error.message));
  // Enter in a card field pays, as Enter in any other field of the form would.
  card.on('submit', () => form.requestSubmit());

  // Which field a decline is about; anything else is about the card (its number).
  const DECLINED_FIELD = { incorrect_cvc: 'cvc', expired_card: 'expiry' };

  /** A declined card: mark the field to change, ask for the security code again, focus there. */
  function markForRetry(code) {
    const field = DECLINED_FIELD[code] || 'number';
    document.getElementById(`card-${field}`).classList.add('card-field--declined');
    card.clear('cvc');
    card.focus(field);
  }

  function randomHex() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Step 17: the shop's backend says how the payment ended; the page's word is not enough. */
  async function confirm(paymentId) {
    const response = await fetch(`/api/checkout/${encodeURIComponent(paymentId)}`);
    return response.json();
  }

  /** 3-D Secure: the PSP's challenge in the SDK's modal, then the backend's confirmation. */
  async function authenticate(result) {
    show('busy', result.message);
    const answer = await fincore.handleNextAction({ id: result.payment, status: result.status, next_action: result.next_action });
    const said = answer.error ? answer.error.code : answer.status;
    document.body.dataset.authentication = said;
    authentication.textContent = `Your bank's answer (from the challenge): ${said}.`;
    return confirm(result.payment);
  }

  // Order states the webhooks have not settled yet (orders.py ranks them before the outcome).
  const UNSETTLED_ORDER = new Set(['awaiting_payment', 'awaiting_authentication']);
  const ORDER_CHECKS = 40;
  const ORDER_CHECK_MS = 250;

  /** Steps 13-14 seen from the page: the order as the shop's webhook endpoint left it. */
  async function followOrder(attempt) {
    for (let check = 0; check < ORDER_CHECKS; check += 1) {
      const response = await fetch(`/api/orders/${encodeURIComponent(attempt)}`);
      const order = response.ok ? await response.json() : null;
      if (order && !UNSETTLED_ORDER.has(order.state)) {
        document.body.dataset.order = order.state;
        orderNote.textContent = `Your order, as FinCore's webhook told the shop: ${order.state.replace(/_/g, ' ')}.`;
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, ORDER_CHECK_MS); });
    }
    orderNote.textContent = 'The shop has not heard from FinCore yet; your order will update when it does.';
  }

  async function pay(token) {
    // A new attempt id for each Pay click: the backend's idempotency key per checkout attempt,
    // and the order's id.
    const attempt = randomHex();
    const body = JSON.stringify({ token: token.id, attempt });
    try {
      const response = await fetch('/api/checkout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      let result = await response.json();
      if (result.status === 'requires_action') result = await authenticate(result);
      // Still waiting after the challenge closed (the shopper cancelled it): not paid.
      if (result.status === 'requires_action') result.message = 'The payment was not confirmed with your bank.';
      show(result.status === 'succeeded' ? 'success' : 'error', result.message);
      if (result.status === 'declined') markForRetry(result.code);
      if (webhooks === 'on' && result.payment) followOrder(attempt);
      return result.status === 'succeeded';
    } catch {
      show('error', 'The shop could not be reached. Please try again.');
      return false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    payButton.disabled = true;
    for (const marked of document.querySelectorAll('.card-field--declined')) marked.classList.remove('card-field--declined');
    show('busy', 'Processing…');
    const { token, error } = await fincore.tokenize({ cardholderName: nameInput.value.trim() });
    const paid = error ? (show('error', error.message), false) : await pay(token);
    document.body.dataset.checkout = paid ? 'paid' : 'failed';
    payButton.disabled = paid;
    // Paid: nothing more to type.
    if (paid) card.update({ disabled: true });
  });
})();
