import { describe, expect, it } from 'vitest';
import { sheetNames } from './xlsx';

describe('worksheet names', () => {
  it('drop the characters Excel refuses, keep to 31 characters and stay unique', () => {
    expect(sheetNames(['各侦协办会商', 'a/b:c', '', 'x'.repeat(40), 'X'.repeat(40)])).toEqual([
      '各侦协办会商',
      'a b c',
      'Sheet',
      'x'.repeat(31),
      `${'X'.repeat(27)} (2)`,
    ]);
  });
});
