import { readFileSync } from 'node:fs';
import { generateMetadata, METADATA_FILE } from './metadata.generator';

describe('the OpenAPI metadata', () => {
  it('matches the DTOs, contracts and controllers it is generated from (else run `npm run openapi`)', () => {
    expect(generateMetadata()).toBe(readFileSync(METADATA_FILE, 'utf8'));
  }, 120_000);
});
