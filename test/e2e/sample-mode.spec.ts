import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/src/app.factory';
import { loadConfig } from '../../server/src/config/seam.config';
import { AccessService } from '../../server/src/modules/access/access.service';
import { SampleService } from '../../server/src/modules/sample/sample.service';
import { PASSWORD } from '../support/access';
import { ENGINES, freshDatabase } from '../support/engines';

const MAIN = path.resolve(__dirname, '../../dist/server/src/main.js');

describe('sample mode and real use never share a database', () => {
  it('keeps the sample in its own SQLite file by default', () => {
    const env = { SEAM_DATA_DIR: '/tmp/seam-data' };
    expect(loadConfig(env, { sample: true })).toMatchObject({ sqlitePath: '/tmp/seam-data/sample.sqlite', demo: true });
    expect(loadConfig(env)).toMatchObject({ sqlitePath: '/tmp/seam-data/seam.sqlite', demo: false });
  });

  it.each(ENGINES)('on %s: what the anonymous demo admin created is never served, and sample mode never opens served data', async (engine) => {
    const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_SCHEDULER: 'false' });
    try {
      // In sample mode an anonymous visitor makes an admin and a full-scope token.
      const sample = await createApp({ ...db.config, demo: true }, false);
      await sample.init();
      let token: string;
      try {
        await sample.get(SampleService).checkMode();
        const http = request(sample.getHttpServer());
        expect((await http.post('/api/users').send({ username: 'mallory', password: PASSWORD, role: 'admin' })).status).toBe(201);
        token = (await http.post('/api/tokens').send({ name: 'keep', scope: 'full' })).body.token;
        expect(token).toMatch(/^seam_/);
      } finally {
        await sample.close();
      }
      // Served on the same database: refused before it listens, saying why.
      const served = await createApp({ ...db.config, demo: false }, false);
      await served.init();
      try {
        await expect(served.get(SampleService).checkMode()).rejects.toThrow(/was used in sample mode .* every visitor is an admin/);
      } finally {
        await served.close();
      }
      const cli = spawnSync(process.execPath, [MAIN], { env: { ...process.env, ...db.env, PORT: '39871', HOST: '127.0.0.1' }, encoding: 'utf8', timeout: 60_000 });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toMatch(/was used in sample mode/);
    } finally {
      await db.drop();
    }
  });

  it.each(ENGINES)('on %s: sample mode refuses a served database, and the demo name is reserved', async (engine) => {
    const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_SCHEDULER: 'false' });
    try {
      const served = await createApp(db.config, false);
      await served.init();
      try {
        await served.get(SampleService).checkMode();
        await expect(served.get(AccessService).createUser('demo', PASSWORD, 'admin')).rejects.toThrow(/sample mode's account/);
        await served.get(AccessService).createUser('alice', PASSWORD, 'admin');
      } finally {
        await served.close();
      }
      const sample = await createApp({ ...db.config, demo: true }, false);
      await sample.init();
      try {
        await expect(sample.get(SampleService).checkMode()).rejects.toThrow(/holds data or accounts of a served Seam/);
      } finally {
        await sample.close();
      }
    } finally {
      await db.drop();
    }
  });
});
