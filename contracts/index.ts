/**
 * Seam's contracts: the vocabulary and the HTTP API's types, shared by the server (`server/`) and the dashboard
 * (`web/`), both of which import it as `#contracts`. No runtime dependencies: constants and types only.
 */
export * from './vocabulary';
export * from './api';
