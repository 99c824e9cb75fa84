import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { freshDatabase, MIGRATIONS } from './support/postgres.js';
import { tempDir } from './support/temp.js';

const t = await freshDatabase({ migrate: false });
test.after(() => t.close());

const tables = async (db = t.db) =>
  (
    await db<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' order by table_name`
  ).map((r) => r.name);

test('the repository migrations apply once, and a second run applies nothing without error', async () => {
  const names = (await readMigrations(MIGRATIONS)).map((m) => m.name);
  assert.ok(names.includes('001_submissions.sql'));
  const first = await migrate(t.db, MIGRATIONS);
  assert.equal(first.applied, names);
  assert.equal(await tables(), ['model_versions', 'schema_migrations', 'submissions']);
  const second = await migrate(t.db, MIGRATIONS);
  assert.equal(second.applied, []);
  assert.equal(second.skipped, names);
  const recorded = await t.db`select name from schema_migrations order by name`;
  assert.equal(
    recorded.map((r) => r.name),
    names,
  );
});

test('servers migrating at the same moment apply each file once', async () => {
  const other = await freshDatabase({ migrate: false });
  const runs = await Promise.all([migrate(other.db, MIGRATIONS), migrate(other.db, MIGRATIONS)]);
  const applied = runs.flatMap((r) => r.applied);
  assert.equal(
    applied,
    (await readMigrations(MIGRATIONS)).map((m) => m.name),
  );
  await other.close();
});

test('a failing file leaves nothing behind, not even the files before it in the same run', async () => {
  const dir = tempDir('migrations');
  await writeFile(join(dir, '001_ok.sql'), 'create table a (x int);');
  await writeFile(
    join(dir, '002_broken.sql'),
    'create table b (x int); select no_such_column from a;',
  );
  const other = await freshDatabase({ migrate: false });
  try {
    await migrate(other.db, dir);
    assert.unreachable('the broken migration should throw');
  } catch (err) {
    assert.match(String(err), /no_such_column/);
  }
  assert.equal(await tables(other.db), []);
  await other.close();
});

test('an applied file that was edited afterwards stops the migration, naming it', async () => {
  const dir = tempDir('migrations');
  await writeFile(join(dir, '001_a.sql'), 'create table a (x int);');
  const other = await freshDatabase({ migrate: false });
  await migrate(other.db, dir);
  await writeFile(join(dir, '001_a.sql'), 'create table a (x bigint);');
  try {
    await migrate(other.db, dir);
    assert.unreachable('an edited migration should throw');
  } catch (err) {
    assert.match(String(err), /001_a\.sql was changed after it was applied/);
  }
  await other.close();
});

test('badly named or duplicate-numbered files are refused before anything runs', async () => {
  const bad = tempDir('migrations');
  await writeFile(join(bad, 'create-things.sql'), 'select 1;');
  try {
    await readMigrations(bad);
    assert.unreachable();
  } catch (err) {
    assert.match(String(err), /expected a name like 001_create_submissions\.sql/);
  }
  const twice = tempDir('migrations');
  await writeFile(join(twice, '001_a.sql'), 'select 1;');
  await writeFile(join(twice, '1_b.sql'), 'select 1;');
  try {
    await readMigrations(twice);
    assert.unreachable();
  } catch (err) {
    assert.match(String(err), /share the number 1/);
  }
});

test('the table refuses bad rows whoever writes them', async () => {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const probs = [0.9, 0.1, 0, 0, 0, 0, 0, 0, 0, 0];
  const good = {
    label: 0,
    prediction: 0,
    confidence: 0.9,
    probabilities: probs,
    pixels: Buffer.alloc(784),
    drawing: signature,
  };
  const insert = (row: typeof good) => t.db`
    insert into submissions (label, prediction, confidence, probabilities, model_version, pixels,
      drawing, drawing_width, drawing_height)
    values (${row.label}, ${row.prediction}, ${row.confidence}, ${t.db.array(row.probabilities)}::real[],
      'm@1', ${row.pixels}, ${row.drawing}, 280, 280)`;
  await insert(good);
  const refused: [string, typeof good][] = [
    ['label 10', { ...good, label: 10 }],
    ['783 pixel bytes', { ...good, pixels: Buffer.alloc(783) }],
    ['a drawing that is not a PNG', { ...good, drawing: Buffer.from('GIF89a....') }],
    ['9 probabilities', { ...good, probabilities: probs.slice(1) }],
    ['a probability above 1', { ...good, probabilities: [1.5, ...probs.slice(1)] }],
    ['confidence not the prediction’s probability', { ...good, confidence: 0.5 }],
    ['a prediction that is not the most probable', { ...good, prediction: 1, confidence: 0.1 }],
    ['an empty drawing', { ...good, drawing: Buffer.alloc(0) }],
  ];
  for (const [what, row] of refused) {
    try {
      await insert(row);
      assert.unreachable(`${what} was stored`);
    } catch (err) {
      assert.is((err as { code?: string }).code, '23514', `${what}: ${err}`);
    }
  }
  assert.is(Number((await t.db`select count(*) from submissions`)[0].count), 1);
});

test.run();
