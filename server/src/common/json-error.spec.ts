import { jsonErrorAt } from './json-error';

describe('where JSON breaks', () => {
  it.each([
    ['{"a": 1}', null],
    ['[1, 2.5e3, "x\\n", true, null, {"b": []}]', null],
    ['{"a": 1,\n "b": }', { line: 2, column: 7 }],
    ['[1, 2,]', { line: 1, column: 7 }],
    ['{"a": "b"', { line: 1, column: 10 }],
    ['{"a": tru}', { line: 1, column: 7 }],
    ['\n\n  [1] x', { line: 3, column: 7 }],
  ])('%s', (text, at) => {
    expect(jsonErrorAt(text)).toEqual(at);
  });
});
