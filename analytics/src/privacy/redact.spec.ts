import { chineseIdValid, ibanValid, luhnValid, redact } from './redact';

/** Seeded numbers so the corpus is the same on every run. */
let seed = 42;
const rnd = (n: number) => ((seed = (seed * 16807) % 2147483647) % n);
const digits = (n: number) => Array.from({ length: n }, () => rnd(10)).join('');

function luhnComplete(prefix: string, length: number): string {
  const body = prefix + digits(length - prefix.length - 1);
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

function ibanFor(country: string, bban: string): string {
  for (let c = 2; c <= 98; c++) {
    const iban = `${country}${String(c).padStart(2, '0')}${bban}`;
    if (ibanValid(iban)) return iban;
  }
  throw new Error('unreachable');
}

function chineseId(): string {
  const body = `${110101 + rnd(600000)}`.slice(0, 6) + `19${50 + rnd(50)}` + String(1 + rnd(12)).padStart(2, '0') + String(1 + rnd(28)).padStart(2, '0') + digits(3);
  for (const c of '0123456789X') if (chineseIdValid(body + c)) return body + c;
  throw new Error('unreachable');
}

const group = (s: string, size: number, sep: string) => s.match(new RegExp(`.{1,${size}}`, 'g'))!.join(sep);

interface Case {
  text: string;
  /** The sensitive values that must be gone, and the placeholder that must stand in their place. */
  secrets: string[];
  kind: string;
}

const positives: Case[] = [];
const emails = ['jane.doe@example.com', 'j.smith+orders@mail.co.uk', 'cminh730@email.com', 'support_team@company-name.io', 'li.wei@163.com', 'x@y.de', 'first.last@sub.domain.org', 'user123@gmail.com'];
const emailFrames = ['my email is %s', 'send it to %s please', '%s', 'Email: %s.', 'contact me at <%s>', '邮箱是%s谢谢'];
for (const e of emails) for (const f of emailFrames) positives.push({ text: f.replace('%s', e), secrets: [e], kind: 'EMAIL' });

const phones = ['(415) 555-2671', '415-555-2671', '+1 415 555 2671', '+44 20 7946 0958', '020 7946 0958', '07700 900123', '+49 30 901820', '+33 1 42 68 53 00', '13812345678', '+86 138 1234 5678', '138-1234-5678', '+86-139-8765-4321', '415.555.2671', '+91 98765 43210'];
const phoneFrames = ['call me on %s', 'my number: %s', '%s', '手机号 %s', 'reach me at %s after 5pm'];
for (const p of phones) for (const f of phoneFrames) positives.push({ text: f.replace('%s', p), secrets: [p], kind: 'PHONE' });

for (let i = 0; i < 30; i++) {
  const card = i % 5 === 4 ? luhnComplete('37', 15) : luhnComplete(['4', '51', '55', '6011'][i % 4], 16);
  const shown = i % 3 === 0 ? card : i % 3 === 1 ? group(card, 4, ' ') : group(card, 4, '-');
  positives.push({ text: `my card number is ${shown}, expiry 09/27`, secrets: [shown], kind: 'CARD' });
}

const ibans = [ibanFor('DE', `3704004405320130${digits(2)}`), ibanFor('GB', `WEST${digits(14)}`), ibanFor('FR', `2004101005050001${digits(5)}M02${digits(3)}`.slice(0, 23)), ibanFor('NL', `ABNA${digits(10)}`), ibanFor('ES', digits(20))];
for (const iban of ibans) for (const spaced of [false, true]) for (const f of ['please refund to %s', 'IBAN: %s', '%s']) {
  const shown = spaced ? group(iban, 4, ' ') : iban;
  positives.push({ text: f.replace('%s', shown), secrets: [shown], kind: 'IBAN' });
}

for (let i = 0; i < 20; i++) {
  const id = chineseId();
  positives.push({ text: i % 2 ? `身份证号${id}` : `my ID number is ${id}`, secrets: [id], kind: 'ID_NUMBER' });
}

const negatives = [
  'the total was $1,234.56', 'I paid € 49.99 yesterday', 'refund of 1234.00 USD please', '¥3,200 charged', 'it cost 12.5k', 'price 99.99',
  'ordered on 2024-05-01', 'delivery 05/01/2024', 'on 1 May 2024', '2024年5月1日下单', 'since 2023', 'back in 12/2023',
  'at 10:45', 'at 10:45:30 today', 'between 9-5', 'around 14:00-16:00',
  'order 4411-2290', 'order #551902', 'my order number is 88123', 'order 300912', '订单号 2023112845', '单号是 1198823', 'ticket 123456789',
  'iOS 17.4.1 on an iPhone 15', 'version 3.8.0', 'zip code 75227', 'postcode SW1A 1AA', 'room 1204',
  'I have been waiting 2 weeks', '3 items, 2 missing', '50% off', 'up 12.5%', 'the last four are 4821', 'ending 0937',
  'tracking 1Z999AA10123456784', 'invoice INV-2024-00123', 'SKU 2297112', 'model A2848', 'flight BA 0283',
  'it happened 3 times', '1 2 3 4 5', 'call me maybe', 'my account', 'user name cminh730', 'page 12 of 40',
  'amount 1000000', 'about 20 minutes', '6月16日活动', '满900-180', '600-120 的券', '2297112 品胜数据线',
  '4111 1111 1111 1112', '1234 5678 9012 3456', '0000-0000-0000-0001', 'reference 9876543210987654',
  'DE00 1234 5678 9012 3456 78', 'GB00WEST12345698765432', '110101199003074512', '12345678901234567X',
];

describe('redact', () => {
  it(`replaces every e-mail, phone, card, IBAN and Chinese ID in ${positives.length} real-shaped strings`, () => {
    expect(positives.length + negatives.length).toBeGreaterThanOrEqual(200);
    const failures = positives.filter((c) => {
      const { text, counts } = redact(c.text);
      return c.secrets.some((s) => text.includes(s)) || (counts[c.kind] ?? 0) !== c.secrets.length;
    });
    expect(failures.map((c) => `${c.text} -> ${redact(c.text).text}`)).toEqual([]);
    for (const c of positives) {
      const { text, counts } = redact(c.text);
      for (const s of c.secrets) expect({ input: c.text, output: text, leaked: text.includes(s) }).toEqual({ input: c.text, output: text, leaked: false });
      expect({ input: c.text, kind: c.kind, count: counts[c.kind] ?? 0 }).toEqual({ input: c.text, kind: c.kind, count: c.secrets.length });
      expect(text).toContain(`<${c.kind}>`);
    }
  });

  it(`leaves ${negatives.length} strings with amounts, dates, times, order numbers and invalid checksums alone`, () => {
    for (const n of negatives) expect({ input: n, output: redact(n).text }).toEqual({ input: n, output: n });
  });

  it('leaves the digits of decimal numbers alone, such as the sentiment scores of an export', () => {
    const decimals = [`-0.${luhnComplete('4', 16)}`, `0.${luhnComplete('51', 16)}`, '0.13812345678123', '-0.7138123456789', `${luhnComplete('4', 16)}.5`, `score ${luhnComplete('6011', 16)},25`, '0.110101199003074513'];
    for (const n of decimals) expect({ input: n, output: redact(n).text }).toEqual({ input: n, output: n });
  });

  it('redacts what a team configures, such as order numbers', () => {
    const { text, counts } = redact('order 4411-2290 and order #551902', [{ name: 'order', pattern: /\b(?:order\s*#?)\s*[\d-]{5,}/i }]);
    expect(text).toBe('<ORDER> and <ORDER>');
    expect(counts).toEqual({ ORDER: 2 });
  });

  it('checks the checksums it relies on', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE00370400440532013000')).toBe(false);
    expect(chineseIdValid('11010519491231002X')).toBe(true);
    expect(chineseIdValid('110105194912310021')).toBe(false);
  });
});
