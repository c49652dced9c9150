/** The words the field frames show, per locale. Only the frames carry them, not fincore.js. */

const EN = {
  labels: { number: 'Card number', expiry: 'Expiration date (MM / YY)', cvc: 'Security code' },
  placeholders: { number: '1234 1234 1234 1234', expiry: 'MM / YY', cvc: 'CVC' },
  errors: {
    incomplete_number: 'Your card number is incomplete.',
    invalid_number: 'Your card number is not a supported card.',
    incorrect_number: 'Your card number is invalid.',
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration month is invalid.",
    invalid_expiry_year: "Your card's expiration year is invalid.",
    expiry_past: "Your card's expiration date is in the past.",
    incomplete_cvc: "Your card's security code is incomplete.",
    invalid_cvc: "Your card's security code is invalid.",
    fields_unreachable: 'The card fields could not reach each other. Reload the page and try again.',
    network_error: 'The payment provider could not be reached. Check your connection and try again.',
    request_timeout: 'The payment provider did not answer in time. Try again.',
    psp_error: 'The payment provider could not process the card. Try again.',
  },
};

const FR = {
  labels: { number: 'Numéro de carte', expiry: "Date d'expiration (MM / AA)", cvc: 'Cryptogramme' },
  placeholders: { number: '1234 1234 1234 1234', expiry: 'MM / AA', cvc: 'CVC' },
  errors: {
    incomplete_number: 'Le numéro de carte est incomplet.',
    invalid_number: "Ce numéro n'est pas celui d'une carte acceptée.",
    incorrect_number: 'Le numéro de carte est invalide.',
    incomplete_expiry: "La date d'expiration est incomplète.",
    invalid_expiry_month: "Le mois d'expiration est invalide.",
    invalid_expiry_year: "L'année d'expiration est invalide.",
    expiry_past: "La date d'expiration est passée.",
    incomplete_cvc: 'Le cryptogramme est incomplet.',
    invalid_cvc: 'Le cryptogramme est invalide.',
    fields_unreachable: 'Les champs de carte ne communiquent pas. Rechargez la page.',
    network_error: 'Le prestataire de paiement est injoignable. Vérifiez votre connexion.',
    request_timeout: "Le prestataire de paiement n'a pas répondu à temps. Réessayez.",
    psp_error: "Le prestataire de paiement n'a pas pu traiter la carte. Réessayez.",
  },
};

const STRINGS = { en: EN, fr: FR };

/** The strings for `locale`, English when it is not one we speak. */
export function strings(locale) {
  return STRINGS[locale] || EN;
}
