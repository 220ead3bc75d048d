import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { READ_EXCEPTIONS, SHARED_REFERENCE_TABLES, TABLE_OWNERS } from './table-owners';

const ROOT = join(__dirname, '../../..');

/** Source files that run in the service: no tests, migrations (they own the schema), benchmarks or the web app. */
function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!['node_modules', 'test', 'testing', 'migrations', 'bench', 'web'].includes(e.name)) sources(path, out);
    } else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|fault-spec|d)\.ts$/.test(e.name)) {
      out.push(path);
    }
  }
  return out;
}

/** `domain/tasks` for libs/domain/src/tasks/…, `notifications` for libs/notifications/…, `apps/api` for apps/api/…. */
function moduleOf(file: string): string {
  const [top, name, , folder] = relative(ROOT, file).split('/');
  if (top === 'libs' && name === 'domain') return `domain/${folder}`;
  return top === 'libs' ? name : `apps/${name}`;
}

/** The tables each migration creates. */
function migratedTables(): string[] {
  const dir = join(ROOT, 'libs/database/src/migrations');
  const sql = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/g)].map((m) => m[1]);
}

/** Entity class name → table, from the entity files (`@Entity('task') export class TaskEntity`). */
function entityTables(): Map<string, string> {
  const dir = join(ROOT, 'libs/database/src/entities');
  const map = new Map<string, string>();
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/@Entity\('(\w+)'\)[^]*?export class (\w+)/g)) map.set(m[2], m[1]);
  }
  return map;
}

interface Use { file: string; line: number; table: string; how: 'write' | 'read' }

function uses(file: string, entities: Map<string, string>, text = readFileSync(file, 'utf8')): Use[] {
  const found: Use[] = [];
  const tables = Object.keys(TABLE_OWNERS).join('|');
  const patterns: Array<[RegExp, Use['how']]> = [
    [new RegExp(`\\b(?:INSERT INTO|UPDATE|DELETE FROM|TRUNCATE)\\s+(${tables})\\b`, 'g'), 'write'],
    [new RegExp(`\\b(?:FROM|JOIN)\\s+(${tables})\\b`, 'g'), 'read'],
  ];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name tables
    for (const [re, how] of patterns) for (const m of line.matchAll(re)) found.push({ file, line: i + 1, table: m[1], how });
    // TypeORM: getRepository(XEntity), em.insert(XEntity, …), em.delete(XEntity, …) and the like
    for (const m of line.matchAll(/\b(?:getRepository|insert|update|delete|upsert|save|find\w*|count\w*|exists\w*)\((\w+Entity)\b/g)) {
      const table = entities.get(m[1]);
      if (table) found.push({ file, line: i + 1, table, how: /getRepository|find|count|exists/.test(m[0]) ? 'read' : 'write' });
    }
  });
  return found;
}

const strays = (found: Use[]): string[] => found
  .filter((u) => TABLE_OWNERS[u.table] !== moduleOf(u.file))
  .filter((u) => !(u.how === 'read' && SHARED_REFERENCE_TABLES.includes(u.table)))
  .filter((u) => !(u.how === 'read' && READ_EXCEPTIONS.some((x) => x.module === moduleOf(u.file) && x.table === u.table)))
  .map((u) => `${relative(ROOT, u.file)}:${u.line} ${u.how}s ${u.table} (owner: ${TABLE_OWNERS[u.table]})`);

describe('every table has one owner module', () => {
  it('names an owner for every table the migrations create', () => {
    const unowned = [...new Set(migratedTables())].filter((t) => !TABLE_OWNERS[t]);
    expect(unowned).toEqual([]);
  });

  it('lets only the owner write a table, and only the owner (or, for the organisation tables, anyone) read it', () => {
    const entities = entityTables();
    const files = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))];
    expect(files.length).toBeGreaterThan(100);
    expect(strays(files.flatMap((f) => uses(f, entities)))).toEqual([]);
  });

  it('tells a stray use from the owner’s own and from a read of the organisation (the check itself works)', () => {
    const entities = entityTables();
    expect(entities.get('TaskEntity')).toBe('task');
    const file = join(ROOT, 'libs/domain/src/reports/probe.ts');
    const text = [
      'await em.query(`SELECT r.id FROM report r JOIN unit u ON u.id = r.unit_id`);', // its own table, the shared units
      'await em.query(`UPDATE task SET status = $1`);',
      '// a comment about FROM task_event is no use',
      'const n = await em.getRepository(TaskEntity).countBy({ reportId });',
      'await em.query(`UPDATE unit SET name = $1`);',
      'await em.query(`SELECT d.number FROM supervision_document d`);', // a listed exception, but not for this module
    ].join('\n');
    expect(strays(uses(file, entities, text))).toEqual([
      'libs/domain/src/reports/probe.ts:2 writes task (owner: domain/tasks)',
      'libs/domain/src/reports/probe.ts:4 reads task (owner: domain/tasks)',
      'libs/domain/src/reports/probe.ts:5 writes unit (owner: domain/organisation)',
      'libs/domain/src/reports/probe.ts:6 reads supervision_document (owner: domain/supervision)',
    ]);
  });
});
