// The language and country selects the questions page, /download and /act share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillCountries, fillLanguages, guessedCountry } from '../static/js/locale-selects.js';

// A select as far as the module uses it: options made by its document, one value among them.
function fakeSelect(value = '') {
  const document = {
    createElement: () => ({ attributes: {}, setAttribute(name, v) { this.attributes[name] = v; }, textContent: '' }),
  };
  const select = { ownerDocument: document, options: [], _value: value };
  select.replaceChildren = (...options) => void (select.options = options);
  Object.defineProperty(select, 'value', {
    get: () => select._value,
    // as a browser does: a value no option has selects nothing
    set: (v) => void (select._value = select.options.some((o) => o.attributes.value === v) ? v : ''),
  });
  return select;
}
const shown = (select) => select.options.map((o) => [o.attributes.value, o.textContent]);

test('the country is guessed from the first browser language naming a listed region', () => {
  const cases = [
    [['de-AT', 'en-US'], ['AT', 'DE', 'US'], 'AT'],
    [['en', 'fr-BE', 'de-DE'], ['BE', 'DE'], 'BE'],
    [['pt-BR', 'de-DE'], ['DE', 'FR'], 'DE'], // Brazil is not listed: the next language
    [['en', 'fr'], ['FR'], ''],
    [undefined, ['FR'], ''],
  ];
  for (const [languages, countries, expected] of cases) {
    assert.equal(guessedCountry(languages, countries), expected, String(languages));
  }
});

test('countries come after the first choices, sorted by their names in the page language', () => {
  const select = fakeSelect();
  const first = [['', 'Choose'], ['unknown', 'I do not know']];
  fillCountries(select, { language: 'de', countries: ['DE', 'AT', 'FR'], first, chosen: 'FR' });

  assert.deepEqual(shown(select), [['', 'Choose'], ['unknown', 'I do not know'], ['DE', 'Deutschland'], ['FR', 'Frankreich'], ['AT', 'Österreich']]);
  assert.equal(select.value, 'FR');
});

test('a chosen value none of the choices has leaves the empty choice selected', () => {
  for (const chosen of ['US', 'unknown', '']) {
    const select = fakeSelect();
    fillCountries(select, { language: 'en', countries: ['DE'], first: [['', 'None']], chosen });
    assert.equal(select.value, '', chosen);
  }
  const select = fakeSelect();
  fillCountries(select, { language: 'en', countries: ['DE'], first: [['', 'None'], ['unknown', '?']], chosen: 'unknown' });
  assert.equal(select.value, 'unknown');
});

test('each shipped language is named in the page language, that one selected', () => {
  const select = fakeSelect();
  fillLanguages(select, 'fr');

  assert.deepEqual(shown(select).slice(0, 3), [['en', 'anglais'], ['de', 'allemand'], ['fr', 'français']]);
  assert.equal(select.value, 'fr');
});
