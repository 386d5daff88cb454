import { decodeEntities, isTwcsHeader } from './twcs.format';

describe('Customer Support on Twitter', () => {
  it('decodes the HTML entities the export carries', () => {
    expect(decodeEntities('Q&amp;A &lt;3 &#39;ok&#39; &#x1F600; &bogus;')).toBe("Q&A <3 'ok' 😀 &bogus;");
  });

  it('recognises the export by its columns', () => {
    expect(isTwcsHeader(['tweet_id', 'author_id', 'inbound', 'created_at', 'text'])).toBe(true);
    expect(isTwcsHeader(['conversation_id', 'role', 'text'])).toBe(false);
  });
});
