// deploy/backup.sh with a stand-in pg_dump: naming, the all-or-nothing write, pruning only after a
// good dump, the healthcheck, the schedule and a prompt stop. The real pg_dump cannot run here:
// Debian's client is older than PostgreSQL 18, and pg_dump refuses to dump a newer server.
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO } from './support/files.js';
import { run, start, tempDir } from './support/processes.js';

const SCRIPT = join(REPO, 'deploy/backup.sh');
const DAY = 24 * 3600;

// Writes its arguments and connection variables as the "dump"; fails (leaving a partial file) when
// FAIL_DUMP is set, as a pg_dump that loses its connection half-way would.
const STUB = `#!/bin/sh
for arg; do case "$arg" in --file=*) file="\${arg#--file=}" ;; esac; done
printf 'args: %s\\nhost: %s user: %s db: %s\\n' "$*" "$PGHOST" "$PGUSER" "$PGDATABASE" > "$file"
if [ -n "\${FAIL_DUMP:-}" ]; then echo "pg_dump: error: connection lost" >&2; exit 1; fi
`;

function setup() {
  const bin = tempDir('backup-bin');
  writeFileSync(join(bin, 'pg_dump'), STUB);
  chmodSync(join(bin, 'pg_dump'), 0o755);
  const dir = tempDir('backups');
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    BACKUP_DIR: dir,
    PGHOST: 'db',
    PGUSER: 'digitnet',
    PGDATABASE: 'digitnet',
    PGPASSWORD: 'f00d',
  };
  return { dir, env };
}

/** Creates DIR/NAME aged `days` days. */
function oldFile(dir: string, name: string, days: number): string {
  const path = join(dir, name);
  writeFileSync(path, 'old');
  const t = Date.now() / 1000 - days * DAY;
  utimesSync(path, t, t);
  return path;
}

const dumps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.dump'));

test('now: one custom-format dump named DB-<UTC time>.dump; old ones pruned, recent ones kept', () => {
  const { dir, env } = setup();
  const ancient = oldFile(dir, 'digitnet-20200101T000000Z.dump', 30);
  const recent = oldFile(dir, 'digitnet-20200102T000000Z.dump', 3);
  const other = oldFile(dir, 'other-20200101T000000Z.dump', 30);
  const r = run('sh', [SCRIPT, 'now'], { env });
  assert.is(r.status, 0, r.stderr);
  const fresh = dumps(dir).filter(
    (f) => /^digitnet-\d{8}T\d{6}Z\.dump$/.test(f) && !f.startsWith('digitnet-2020'),
  );
  assert.is(fresh.length, 1, readdirSync(dir).join(', '));
  const content = readFileSync(join(dir, fresh[0]), 'utf8');
  assert.match(content, /--format=custom/);
  assert.match(content, /host: db user: digitnet db: digitnet/);
  assert.not.ok(existsSync(ancient), 'older than BACKUP_KEEP_DAYS (14): deleted');
  assert.ok(existsSync(recent), '3 days old: kept');
  assert.ok(existsSync(other), "another database's dumps are not ours to delete");
  assert.is(readdirSync(dir).filter((f) => f.endsWith('.partial')).length, 0);
  assert.match(r.stdout, /wrote .*digitnet-\d{8}T\d{6}Z\.dump \(\d+ bytes\)/);
  assert.match(r.stdout, /deleted .*digitnet-20200101T000000Z\.dump/);
});

test('a failed pg_dump leaves no file and deletes nothing', () => {
  const { dir, env } = setup();
  const ancient = oldFile(dir, 'digitnet-20200101T000000Z.dump', 30);
  const r = run('sh', [SCRIPT, 'now'], { env: { ...env, FAIL_DUMP: '1' } });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /pg_dump failed; keeping the earlier dumps/);
  assert.equal(readdirSync(dir), ['digitnet-20200101T000000Z.dump']);
  assert.ok(existsSync(ancient), 'the last good dump survives a failing backup');
});

test('check: healthy with a dump younger than two intervals, unhealthy otherwise', () => {
  const { dir, env } = setup();
  const hourly = { ...env, BACKUP_INTERVAL_SECONDS: '3600' };
  assert.is(run('sh', [SCRIPT, 'check'], { env: hourly }).status, 1, 'no dump yet');
  oldFile(dir, 'digitnet-20200101T000000Z.dump', 3 / 24);
  const stale = run('sh', [SCRIPT, 'check'], { env: hourly });
  assert.is(stale.status, 1);
  assert.match(stale.stderr, /no dump of digitnet .* from the last 121 minutes/);
  oldFile(dir, 'digitnet-20200102T000000Z.dump', 1 / 24);
  assert.is(run('sh', [SCRIPT, 'check'], { env: hourly }).status, 0);
});

test('the schedule: a dump at start and every interval; SIGTERM stops it at once', async () => {
  const { dir, env } = setup();
  const loop = start('sh', [SCRIPT], { env: { ...env, BACKUP_INTERVAL_SECONDS: '1' } });
  try {
    await loop.waitFor(/wrote[^\n]*\n[\s\S]*wrote/, 10_000);
    assert.ok(dumps(dir).length >= 2, readdirSync(dir).join(', '));
    const stopping = Date.now();
    assert.is(await loop.stop(), 0);
    assert.ok(Date.now() - stopping < 2000, 'no wait for the grace period');
    assert.match(loop.output(), /stopping/);
  } finally {
    await loop.stop();
  }
});

test('the script is executable (docs/DEPLOY.md runs it as `digitnet-backup now` in the container)', () => {
  assert.ok((statSync(SCRIPT).mode & 0o111) !== 0, 'chmod +x deploy/backup.sh');
});

test('an unknown argument is a usage error', () => {
  const { env } = setup();
  const r = run('sh', [SCRIPT, 'later'], { env });
  assert.is(r.status, 2);
  assert.match(r.stderr, /usage: backup\.sh \[now\|check\]/);
});

test.run();
