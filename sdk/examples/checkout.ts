// An example integration, type-checked by the test suite (`tsc --noEmit -p sdk/examples`): how a
// TypeScript checkout uses fincore.js as an ES module and as the script's `window.FinCore`.
import { FinCore, FinCoreError, type ChangeEvent, type TokenizeResult } from '@fincore/js';

const fincore = FinCore('pk_test_example0000', { pspOrigin: 'https://psp.example.com', locale: 'de' });

const card = fincore.cardFields(
  { number: '#card-number', expiry: '#card-expiry', cvc: document.createElement('div') },
  {
    style: { base: { color: '#1f2933', fontSize: '16px', '::placeholder': { color: '#9aa5b1' } } },
    placeholders: { cvc: 'CVV' },
    disabled: false,
  },
);

card
  .on('ready', ({ fields }) => console.log(`ready: ${fields.join(', ')}`))
  .on('change', (event: ChangeEvent) => {
    const message: string = event.error ? event.error.message : '';
    console.log(event.field, event.brand, event.complete, message);
  })
  .on('submit', ({ field }) => console.log(`Enter in ${field}`))
  .on('error', (error) => console.log(error.code));

card.focus('number').clear('cvc').update({ disabled: true, placeholders: { number: '4242 …' } });

async function pay(): Promise<string> {
  const result: TokenizeResult = await fincore.tokenize({ cardholderName: 'Ada Lovelace' });
  if (result.error) {
    const error: FinCoreError = result.error;
    return error.field ? `${error.field}: ${error.code}` : error.code;
  }
  return `${result.token.id} ${result.token.card.brand} ${result.token.card.last4}`;
}

// The script form: the global the <script> tag defines.
const fromScript = window.FinCore('pk_test_example0000');
const isFinCoreError = (value: unknown): value is FinCoreError => value instanceof window.FinCore.FinCoreError;

void pay();
void fromScript.version;
void isFinCoreError;
