import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { client, Client } from '../support/access';
import { analysedApp } from '../support/app';
import { TestDatabase } from '../support/engines';

/**
 * The README and docs/ as a user reads them: every endpoint of the README's HTTP API table exists, takes every query
 * parameter the table names, and the server has no endpoint the table leaves out; every `/api/…?…` example uses
 * documented parameters; every `seam` command line in the docs is one the CLI knows, with options it takes.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/server/src/cli.js');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const DOCS = [README, ...readdirSync(path.join(ROOT, 'docs')).map((f) => readFileSync(path.join(ROOT, 'docs', f), 'utf8'))];

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface Operation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  'x-seam-roles'?: string[];
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Where `value` differs from `schema` (an OpenAPI schema object): missing required fields, wrong types, unknown enum values. */
function conforms(value: unknown, schema: Schema, doc: OpenApi, at: string): string[] {
  if (schema.$ref) return conforms(value, doc.components.schemas[schema.$ref.split('/').pop()!], doc, at);
  if (value === null) return schema.nullable || schema.allOf?.some((s) => s.$ref && doc.components.schemas[s.$ref.split('/').pop()!].nullable) ? [] : [`${at || 'answer'} is null`];
  if (schema.allOf) return schema.allOf.flatMap((s) => conforms(value, s, doc, at));
  if (schema.oneOf) return schema.oneOf.some((s) => conforms(value, s, doc, at).length === 0) ? [] : [`${at} matches none of its forms`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at} is ${JSON.stringify(value)}, not one of ${schema.enum.join(', ')}`];
  const kind = Array.isArray(value) ? 'array' : typeof value;
  switch (schema.type) {
    case 'array':
      return kind !== 'array' ? [`${at} is not an array`] : (value as unknown[]).slice(0, 20).flatMap((v, i) => (schema.items ? conforms(v, schema.items, doc, `${at}[${i}]`) : []));
    case 'object':
    case undefined: {
      if (!schema.properties) return [];
      if (kind !== 'object') return [`${at} is not an object`];
      const o = value as Record<string, unknown>;
      return [
        ...(schema.required ?? []).filter((k) => !(k in o)).map((k) => `${at}.${k} is missing`),
        ...Object.entries(schema.properties).flatMap(([k, s]) => (o[k] === undefined ? [] : conforms(o[k], s, doc, `${at}.${k}`))),
      ];
    }
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} is not an integer`];
    default:
      return kind === schema.type ? [] : [`${at} is a ${kind}, not a ${schema.type}`];
  }
}

interface Endpoint {
  method: string;
  path: string;
  /** Query parameters, with the value the table gives (`bucket=week`) or none. */
  params: { name: string; value?: string }[];
}

/** The rows of the README's HTTP API table: `| \`METHOD /api/…\` | \`param\` … | what |`. */
function apiTable(): Endpoint[] {
  const section = README.slice(README.indexOf('## HTTP API'), README.indexOf('\n## ', README.indexOf('## HTTP API') + 5));
  return section
    .split('\n')
    .filter((line) => /^\| `(GET|POST|PATCH|DELETE|PUT) \/api/.test(line))
    .map((line) => {
      const [, endpoint, query] = line.split(/(?<!\\)\|/).map((c) => c.trim());
      const [method, route] = endpoint.replace(/`/g, '').split(' ');
      const params = [...query.matchAll(/`([A-Za-z]+)(?:=([^`]+))?`/g)].map((m) => ({ name: m[1], value: m[2] }));
      return { method, path: route, params };
    });
}

/** Every route the app serves, as `METHOD /api/path` with `:params`. */
function routes(app: INestApplication): string[] {
  const out: string[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as { prototype: Record<string, unknown> } | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '').replace(/^\/|\/$/g, '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler)).replace(/^\/|\/$/g, '');
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        out.push(`${method} /api/${[base, sub].filter(Boolean).join('/')}`);
      }
    }
  }
  return out.sort();
}

describe('the README and docs hold', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: Client;
  const table = apiTable();

  beforeAll(async () => {
    ({ db, app } = await analysedApp('sqlite', { seed: 4, conversations: 120, days: 14 }));
    admin = await client(app, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('documents every endpoint the server has, and no other', () => {
    expect(table.length).toBeGreaterThan(30);
    expect(table.map((e) => `${e.method} ${e.path}`).sort()).toEqual(routes(app));
  });

  it('accepts every query parameter the API table names, each alone, on every GET endpoint', async () => {
    const ds = app.get(DataSource);
    const [conversation] = await ds.query('SELECT c.id, cu.external_id AS customer FROM conversations c JOIN customers cu ON cu.id = c.customer_id LIMIT 1');
    const [{ id: intent }] = await ds.query('SELECT id FROM intents ORDER BY id LIMIT 1');
    const [{ id: importId }] = await ds.query('SELECT id FROM import_runs ORDER BY id LIMIT 1');
    const cursors = {
      '/api/conversations': (await admin.get('/api/conversations?limit=1')).body.nextCursor,
      '/api/flags': (await admin.get('/api/flags?limit=1')).body.nextCursor,
    } as Record<string, string>;
    expect(Object.values(cursors).every(Boolean)).toBe(true);
    const bot = await admin.post('/api/bot/versions').attach('file', Buffer.from('intent,example\nrefund,where is my refund\n'), 'bot.csv').field('version', 'docs').field('date', '2024-06-25');
    expect(bot.status).toBe(201);
    // A new bot version re-clusters in the background: the candidates below are those it leaves.
    await app.get(AnalysisService).schedule();
    const examples: Record<string, string> = {
      from: '2024-06-20',
      to: '2024-06-30',
      channel: 'web',
      source: 'sample',
      customer: conversation.customer,
      intent: String(intent),
      outcome: 'resolved',
      q: 'refund',
      segment: 'returning',
      meta: 'plan:gold',
      window: '14',
      tz: 'Europe/Berlin',
      of: 'none',
      by: 'customers',
      limit: '5',
      before: '1000000',
      rejectedOffset: '0',
      rejectedLimit: '5',
      reason: 'asked_for_human',
      severity: 'high',
      assignee: 'nobody',
      conversation: conversation.id,
      target: `intent:${intent}`,
      version: String(bot.body.id),
      days: '14',
    };
    // The gaps' export has kept candidates to export.
    const [gap] = (await admin.get('/api/gaps')).body.items;
    expect((await admin.post(`/api/gaps/${gap.id}/accept`).send({ label: 'Kept for the docs' })).status).toBe(200);
    examples.ids = String(gap.id);
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-docs-source-'));
    const source = await admin.post('/api/sources').send({ name: 'docs', kind: 'folder', cron: '0 3 * * *', config: { path: folder } });
    expect(source.status).toBe(201);
    const ids: Record<string, string> = {
      '/api/imports/:id': `/api/imports/${importId}`,
      '/api/conversations/:id': `/api/conversations/${conversation.id}`,
      '/api/intents/:id': `/api/intents/${intent}`,
      '/api/sources/:id/runs': `/api/sources/${source.body.id}/runs`,
    };
    const called: string[] = [];
    for (const e of table.filter((x) => x.method === 'GET' && x.params.length > 0)) {
      const url = ids[e.path] ?? e.path;
      const required = e.params.filter((p) => p.name === 'format' || p.name === 'version' || p.name === 'by' || p.name === 'of').map((p) => `${p.name}=${p.value ?? examples[p.name]}`);
      for (const p of e.params) {
        const value = p.value ?? (p.name === 'cursor' ? cursors[e.path] : examples[p.name]);
        expect({ endpoint: e.path, param: p.name, value }).toEqual({ endpoint: e.path, param: p.name, value: expect.any(String) });
        const query = [...new Set([...required, `${p.name}=${encodeURIComponent(value!)}`])].join('&');
        const res = await admin.get(`${url}?${query}`);
        expect({ url: `${url}?${query}`, status: res.status, body: res.status >= 400 ? res.body : null }).toEqual({ url: `${url}?${query}`, status: 200, body: null });
        called.push(`${e.path}?${p.name}`);
      }
    }
    expect(called).toContain('/api/metrics/timeseries?bucket');
    expect(called.length).toBeGreaterThan(60);
  });

  it('describes every endpoint of the table in /api/openapi.json, with its query parameters and answers', async () => {
    expect((await request(app.getHttpServer()).get('/api/openapi.json')).status).toBe(401);
    const doc = (await admin.get('/api/openapi.json')).body as OpenApi;
    const described = Object.entries(doc.paths).flatMap(([route, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(described.sort()).toEqual(table.map((e) => `${e.method} ${e.path}`).sort());
    for (const e of table) {
      const operation = doc.paths[e.path.replace(/:(\w+)/g, '{$1}')][e.method.toLowerCase()];
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect({ endpoint: `${e.method} ${e.path}`, query: query.sort() }).toEqual({ endpoint: `${e.method} ${e.path}`, query: e.params.map((p) => p.name).sort() });
      const success = Object.keys(operation.responses).filter((status) => /^2/.test(status));
      expect({ endpoint: `${e.method} ${e.path}`, answers: success.length > 0, roles: Array.isArray(operation['x-seam-roles']) }).toEqual({ endpoint: `${e.method} ${e.path}`, answers: true, roles: true });
    }
  });

  it('answers every GET endpoint with the shape /api/openapi.json gives it', async () => {
    const doc = (await admin.get('/api/openapi.json')).body as OpenApi;
    const ds = app.get(DataSource);
    const [{ id: conversation }] = await ds.query('SELECT id FROM conversations LIMIT 1');
    const [{ id: intent }] = await ds.query('SELECT id FROM intents ORDER BY id LIMIT 1');
    const [{ id: importId }] = await ds.query('SELECT id FROM import_runs ORDER BY id LIMIT 1');
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-docs-shape-'));
    const source = await admin.post('/api/sources').send({ name: 'shapes', kind: 'folder', cron: '0 3 * * *', config: { path: folder } });
    await admin.post(`/api/sources/${source.body.id}/run?wait=true`);
    const bot = await admin.post('/api/bot/versions').attach('file', Buffer.from('intent,example\nrefund,where is my refund\nrefund,refund status\ngreet,hello\n'), 'bot.csv').field('version', '12');
    expect(bot.status).toBe(201);
    const ids: Record<string, string> = { id: '', file: 'start.js' };
    const checked: string[] = [];
    for (const [route, item] of Object.entries(doc.paths)) {
      const operation = item.get;
      const schema = operation?.responses['200']?.content?.['application/json']?.schema;
      if (!schema) continue;
      ids.id = route.startsWith('/api/conversations')
        ? conversation
        : route.startsWith('/api/intents')
          ? String(intent)
          : route.startsWith('/api/imports')
            ? String(importId)
            : route.startsWith('/api/bot')
              ? String(bot.body.id)
              : String(source.body.id);
      const needs: Record<string, string> = { '/api/metrics/compare': `?version=${bot.body.id}`, '/api/metrics/segments': '?by=customers', '/api/behaviour/journeys/next': '?of=none' };
      const url = route.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]) + (needs[route] ?? '');
      const res = await admin.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, problems: conforms(res.body, schema, doc, '') }).toEqual({ url, problems: [] });
      checked.push(route);
    }
    expect(checked).toEqual(expect.arrayContaining(['/api/intents', '/api/metrics/overview', '/api/conversations/{id}', '/api/flags', '/api/sources/{id}/runs', '/api/health']));
  });

  it('uses only documented query parameters in every /api/…?… example of the docs', () => {
    const documented = new Map<string, Set<string>>();
    for (const e of table) documented.set(e.path, new Set([...(documented.get(e.path) ?? []), ...e.params.map((p) => p.name)]));
    const examples = DOCS.flatMap((doc) => [...doc.matchAll(/\/api\/[\w/:.-]+\?[^\s'`")|\\]+/g)].map((m) => m[0]));
    expect(examples.length).toBeGreaterThan(3);
    for (const example of examples) {
      const [path, query] = example.split('?');
      const route = path.replace(/\/\d+(?=\/|$)/g, '/:id');
      const names = [...new URLSearchParams(query).keys()];
      const known = documented.get(route) ?? new Set<string>();
      expect({ example, undocumented: names.filter((n) => !known.has(n)) }).toEqual({ example, undocumented: [] });
    }
  });

  it('runs every seam command line of the docs as a command the CLI knows, with options it takes', () => {
    const helps = new Map<string, ReturnType<typeof spawnSync>>();
    const lines = DOCS.flatMap((doc) => [...doc.matchAll(/(?:npx )?seam ((?:import|analyse|models|export|worker|retention|migrate|sample|users|tokens|bot)\b[^`#\n]*)/g)].map((m) => m[1].trim()));
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) {
      const words = line.split(/\s+/);
      const [command, sub] = words;
      const withSub = ['models', 'users', 'tokens', 'bot'].includes(command) && sub && !sub.startsWith('-');
      const key = `${command} ${withSub ? sub : ''}`;
      if (!helps.has(key)) helps.set(key, spawnSync(process.execPath, [CLI, command, ...(withSub ? [sub] : []), '--help'], { encoding: 'utf8' }));
      const help = helps.get(key)!;
      const text = String(help.stdout);
      expect({ line, status: help.status }).toEqual({ line, status: 0 });
      for (const option of words.filter((w) => w.startsWith('--'))) expect({ line, option, known: text.includes(option) }).toEqual({ line, option, known: true });
      if (withSub) expect({ line, sub, known: text.includes(`${command} ${sub}`) }).toEqual({ line, sub, known: true });
    }
  });

  it('prints help for every command, and a mistake prints its reason with the command usage', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...db.env } });
    for (const command of ['import', 'analyse', 'models', 'export', 'worker', 'retention', 'migrate', 'sample', 'users', 'tokens', 'bot']) {
      const help = run(command, '--help');
      expect({ command, status: help.status, usage: help.stdout.startsWith(`Usage: seam ${command}`) }).toEqual({ command, status: 0, usage: true });
    }
    const cases: [string[], RegExp][] = [
      [['import'], /seam import: name a file or a folder to import/],
      [['import', 'a.csv', '--fromat', 'csv'], /seam import: Unknown option '--fromat'/],
      [['users', 'create', 'bob'], /seam users: --role is required: admin, manager, agent/],
      [['users', 'create', 'bob', '--role', 'boss'], /--role must be one of admin, manager, agent/],
      [['tokens'], /seam tokens: say create, list or revoke/],
      [['bot'], /seam bot: say import or list/],
      [['bot', 'import'], /bot import takes one file or folder/],
      [['tokens', 'create', '--user', 'x'], /tokens create needs --name, --scope/],
      [['tokens', 'revoke', 'seven'], /tokens revoke takes one token id/],
      [['models', 'pull'], /models pull takes one model id/],
      [['export', '--format', 'csv'], /seam export: --out FILE is required/],
      [['sample'], /seam sample: --out FILE is required/],
    ];
    for (const [args, reason] of cases) {
      const out = run(...args);
      expect({ args, status: out.status }).toEqual({ args, status: 2 });
      expect(out.stderr).toMatch(reason);
      expect(out.stderr).toContain(`Usage: seam ${args[0]}`);
    }
    const missing = run('models', 'import', './no-such-model-folder');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/\.\/no-such-model-folder: no such folder/);
  });

  it('lists, revokes tokens and disables users from the command line, audited', async () => {
    const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...db.env }, input });
    expect(run(['users', 'create', 'alice', '--role', 'admin'], 'a long enough password\n').stdout).toMatch(/created alice \(admin\)/);
    const token = run(['tokens', 'create', '--user', 'alice', '--name', 'nightly', '--scope', 'import']).stdout.trim();
    expect(token).toMatch(/^seam_/);
    const http = (await import('supertest')).default(app.getHttpServer());
    expect((await http.get('/api/imports').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const listed = run(['tokens', 'list', '--user', 'alice']).stdout.split('\n').filter((l) => l.includes('nightly'));
    expect(listed).toHaveLength(1);
    const id = listed[0].split('\t')[0];
    expect(run(['tokens', 'revoke', id]).stdout).toMatch(new RegExp(`token ${id} revoked`));
    expect((await http.get('/api/imports').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect(run(['tokens', 'revoke', id]).stderr).toMatch(/no active token/);
    const second = run(['tokens', 'create', '--user', 'alice', '--name', 'bi', '--scope', 'read']).stdout.trim();
    expect(run(['users', 'disable', 'alice']).stdout).toMatch(/alice is disabled/);
    expect((await http.get('/api/imports').set('Authorization', `Bearer ${second}`)).status).toBe(401);
    expect(run(['users', 'list']).stdout).toMatch(/alice\tadmin\tdisabled/);
    const audit = (await admin.get('/api/audit?limit=20')).body.items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['token.revoke', 'user.update', 'token.create', 'user.create']));
  });

  it('records a command-line export in the audit log with its filters', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'seam-docs-')), 'web.csv');
    const cli = spawnSync(process.execPath, [CLI, 'export', '--format', 'csv', '--out', out, '--channel', 'web'], { encoding: 'utf8', env: { ...process.env, ...db.env } });
    expect(cli.status).toBe(0);
    const [entry] = (await admin.get('/api/audit?target=conversations&limit=1')).body.items;
    expect(entry).toMatchObject({ actor: 'seam', action: 'conversations.export', detail: { format: 'csv', filters: { channel: 'web' }, via: 'cli', out } });
  });
});
