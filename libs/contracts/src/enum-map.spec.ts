import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enumMap } from './enum-map.js';

enum Colour {
  UNSPECIFIED = 0,
  RED = 1,
  DARK_GREEN = 2,
}

const COLOURS = enumMap<Colour, 'red' | 'dark-green'>([
  [Colour.RED, 'red'],
  [Colour.DARK_GREEN, 'dark-green'],
]);

describe('enumMap', () => {
  it('maps enum values to stored codes and back', () => {
    assert.equal(COLOURS.code(Colour.RED), 'red');
    assert.equal(COLOURS.code(Colour.DARK_GREEN), 'dark-green');
    assert.equal(COLOURS.message('dark-green', Colour.UNSPECIFIED), Colour.DARK_GREEN);
  });

  it('has no code for a value outside the map', () => {
    assert.equal(COLOURS.code(Colour.UNSPECIFIED), undefined);
    assert.equal(COLOURS.code(undefined), undefined);
    assert.equal(COLOURS.code(7 as Colour), undefined);
  });

  it('falls back for an empty or unknown code', () => {
    assert.equal(COLOURS.message('blue', Colour.UNSPECIFIED), Colour.UNSPECIFIED);
    assert.equal(COLOURS.message('', Colour.RED), Colour.RED);
    assert.equal(COLOURS.message(null, Colour.UNSPECIFIED), Colour.UNSPECIFIED);
    assert.equal(COLOURS.message(undefined, Colour.UNSPECIFIED), Colour.UNSPECIFIED);
  });

  it('lists every code in order', () => {
    assert.deepEqual(COLOURS.codes(), ['red', 'dark-green']);
  });
});
