import { csvField, guardFormula, unguardFormula } from './spreadsheet';

describe('spreadsheet formula guard', () => {
  it('neutralises what a spreadsheet would run and leaves other text alone', () => {
    expect(guardFormula('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(guardFormula('+1 555')).toBe(`'+1 555`);
    expect(guardFormula('-5')).toBe(`'-5`);
    expect(guardFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(guardFormula('\tx')).toBe(`'\tx`);
    expect(guardFormula('where is my refund')).toBe('where is my refund');
    expect(guardFormula("'quoted'")).toBe("'quoted'");
  });

  it('gives back exactly the text it was given, apostrophes included', () => {
    for (const text of ['=1+1', "'=1+1", "''@x", "'plain", 'plain', '', '-', "'", "'-"]) {
      expect(unguardFormula(guardFormula(text))).toBe(text);
    }
  });

  it('writes one CSV field: text guarded and quoted, numbers as they are', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('refund, please')).toBe('"refund, please"');
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(null)).toBe('');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });
});
