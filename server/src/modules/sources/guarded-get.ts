import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses an HTTP source may not reach unless an admin allows it (SEAM_SOURCE_ALLOW_PRIVATE): loopback, private
 * networks, link-local (cloud metadata services), carrier-grade NAT, unspecified, multicast and reserved ranges.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

class FetchRefused extends Error {}

function privateRefusal(host: string, setting: string): FetchRefused {
  return new FetchRefused(`${host} is a private or loopback address (${setting}=true allows it)`);
}

/** A target written as a private or loopback address, refused before any connection (a name is checked at lookup). */
function refusePrivateHost(target: URL, allowPrivate: boolean, setting: string): void {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !allowPrivate && isPrivateAddress(host)) throw privateRefusal(host, setting);
}

/** Node's DNS lookup, refusing private addresses: checked at connection time, so a name cannot change its answer in between. */
function guardedLookup(allowPrivate: boolean, setting = 'SEAM_SOURCE_ALLOW_PRIVATE') {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !allowPrivate && isPrivateAddress(a.address));
      if (refused) return callback(privateRefusal(hostname, setting), '');
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** Request headers that carry credentials or the source's own settings: sent to the configured origin only. */
const CONDITIONAL = new Set(['if-none-match', 'if-modified-since']);

const MAX_REDIRECTS = 5;

export interface GuardedGetOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * GET over http or https for a scheduled source: private and loopback targets only when allowed, redirects
 * followed (at most five, each target checked again) with the configured headers (credentials) sent only to the
 * configured origin, and one error for every way the connection can fail (refused, reset, unknown host, timeout),
 * so that a source cannot be used to learn which ports of which hosts answer.
 */
export async function guardedGet(url: string, options: GuardedGetOptions): Promise<IncomingMessage> {
  const origin = new URL(url).origin;
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchRefused(`a redirect to ${target.protocol} is not followed`);
    refusePrivateHost(target, options.allowPrivate, 'SEAM_SOURCE_ALLOW_PRIVATE');
    const headers = target.origin === origin ? options.headers : Object.fromEntries(Object.entries(options.headers).filter(([k]) => CONDITIONAL.has(k.toLowerCase())));
    const res = await request(target, headers, options);
    const location = res.headers.location;
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      target = new URL(location, target);
      continue;
    }
    return res;
  }
}

function request(target: URL, headers: Record<string, string>, options: GuardedGetOptions): Promise<IncomingMessage> {
  const get = target.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(target, { headers, lookup: guardedLookup(options.allowPrivate) as never, timeout: options.timeoutMs }, resolve);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => reject(err instanceof FetchRefused ? err : new Error('could not connect (no answer, refused, unknown host or timed out)')));
  });
}

export interface GuardedPostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
  /** The setting that allows private targets, named in the refusal. */
  setting: string;
}

/**
 * POST of a JSON body over http or https (an alert's webhook): private and loopback targets only when allowed (checked
 * at connection time), no redirect followed, the answer's status and at most 2 KB of its body.
 */
export async function guardedPost(url: string, body: string, options: GuardedPostOptions): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchRefused(`${target.protocol} is not http or https`);
  refusePrivateHost(target, options.allowPrivate, options.setting);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers }, lookup: guardedLookup(options.allowPrivate, options.setting) as never, timeout: options.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < 2048) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2048) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => reject(err instanceof FetchRefused ? err : new Error('could not connect (no answer, refused, unknown host or timed out)')));
    req.end(body);
  });
}
