/**
 * The province fixture of `bench:sweep -- --province` and `bench:api -- --province` (docs/benchmarks.md#province-scale):
 * a province jurisdiction tree of ~5,000 units (province → cities → counties → 32 departments and 16 townships each,
 * every jurisdiction with its 法治办), a user per office, department and township, 1,000,000 tasks over five plan years
 * of which 100,000 are open (20% of those overdue on `today`), the rest completed or cancelled, with their history
 * (`task_event`: create, publish, acknowledge, progress, submit, approve or cancel, in that order per task), their
 * progress notes and co-owners. Task sizes per unit are skewed (a power law over the units in code order: the largest
 * county holds about three times the average), deadlines spread over each plan year.
 *
 * Seeded set-based (`INSERT … SELECT generate_series`, no row leaves PostgreSQL) into an already migrated database,
 * the way PostgreSQL's "Populating a database" recommends: the secondary indexes and the foreign keys of the four big
 * tables are dropped first and re-created afterwards from their own definitions (`pg_get_indexdef`,
 * `pg_get_constraintdef`), so re-adding each foreign key validates every row in one join, and the unique indexes are
 * checked when they are built: the result has exactly the migrated schema, every FK and CHECK holding. Then VACUUM
 * ANALYZE, so clones start with statistics and a visibility map. Deterministic apart from the uuids.
 */
import { Client } from 'pg';

export interface ProvinceShape {
  cities: number;
  countiesPerCity: number;
  tasks: number;
  /** the plan years end with today's year and go back this many years in all */
  planYears: number;
}

/** ~5,000 units, 1,000,000 tasks: the province docs/scaling.md plans for. */
export const PROVINCE: ProvinceShape = { cities: 10, countiesPerCity: 10, tasks: 1_000_000, planYears: 5 };

export interface ProvinceFigures {
  units: number;
  users: number;
  tasks: number;
  open: number;
  overdue: number;
  events: number;
  progress: number;
  coOwners: number;
  /** seconds per step, in order */
  steps: Array<[string, number]>;
  seconds: number;
}

const DEPARTMENTS = ['发展和改革局', '教育局', '科学技术局', '工业和信息化局', '公安局', '民政局', '司法局', '财政局',
  '人力资源和社会保障局', '自然资源局', '生态环境分局', '住房和城乡建设局', '交通运输局', '水利局', '农业农村局', '商务局',
  '文化广电旅游局', '卫生健康委员会', '退役军人事务局', '应急管理局', '审计局', '市场监督管理局', '统计局', '医疗保障局',
  '林业局', '城市管理局', '信访局', '数据资源局', '行政审批局', '乡村振兴局', '档案馆', '供销合作社'];
const TOWNSHIPS = ['城关镇', '东城街道', '西城街道', '南关街道', '北关镇', '新华镇', '永安镇', '太平镇', '河口镇', '青山乡',
  '石桥镇', '白沙乡', '柳林镇', '红旗乡', '马坊镇', '三河乡'];
const TOPICS = ['行政执法“三项制度”落实', '重大行政决策合法性审查', '规范性文件备案审查', '行政复议体制改革', '法治政府建设年度报告',
  '营商环境法治保障', '证明事项告知承诺制', '行政执法案卷评查', '基层法治观察点建设', '法律顾问制度落实', '领导干部学法用法',
  '政务公开标准化', '行政应诉出庭', '综合行政执法改革', '“八五”普法中期评估', '涉企行政检查规范', '信访法治化',
  '公共法律服务体系建设', '行政裁量权基准', '乡镇（街道）合法性审查全覆盖'];
const DESCRIPTIONS = [
  '按照年度法治政府建设工作要点，制定具体实施方案，明确责任分工和完成时限，按月报送工作进展，年底形成总结报告。',
  '对照督察反馈问题清单逐项整改，建立整改台账，整改完成后提交佐证材料，由法治办组织验收销号。',
  '开展专项检查，覆盖全部执法单位，对发现的问题限期整改，检查结果纳入年度法治建设考核。',
  '完善工作制度，组织业务培训不少于两次，形成可复制推广的经验做法并报送典型案例。',
  '会同相关部门联合推进，每季度召开一次调度会，协调解决工作中遇到的困难和问题。',
  '落实主要负责人履行推进法治建设第一责任人职责，将完成情况纳入述法内容。',
  '梳理现行有效文件目录，清理不符合上位法规定的条款，清理结果向社会公布。',
  '建立常态化工作机制，按季度通报进展，对推进缓慢的单位进行约谈督办。',
];
const NOTES = ['已制定实施方案并召开专题会议部署。', '已完成阶段性任务，正在整理佐证材料。', '已组织专项培训，参训人员120人次。',
  '已对照清单完成自查，发现问题3项，正在整改。', '工作按计划推进，本月完成既定目标。', '已形成初稿，正在征求相关部门意见。'];

const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;

/** The tables seeded in bulk: their secondary indexes and foreign keys are dropped for the load and re-created after. */
const BULK_TABLES = ['task', 'task_co_owner', 'task_progress', 'task_event'];

/**
 * Seeds the province into the migrated, empty database at `url`. `today` (YYYY-MM-DD, Beijing) decides which open
 * tasks are overdue and the plan years; every user's password hash is `passwordHash`.
 */
export async function seedProvince(url: string, today: string, passwordHash: string, shape: ProvinceShape = PROVINCE,
  log: (line: string) => void = () => undefined): Promise<ProvinceFigures> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const steps: Array<[string, number]> = [];
  const t0 = performance.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    await db.query(sql, params);
    const s = (performance.now() - t) / 1000;
    steps.push([label, s]);
    log(`  ${label}: ${s.toFixed(1)} s`);
  };
  try {
    await db.query(`SET TimeZone = 'UTC'`); // the Beijing times below are written as UTC timestamps
    await db.query(`SET maintenance_work_mem = '512MB'`);
    await db.query(`SET work_mem = '64MB'`);
    const year = Number(today.slice(0, 4));
    const todayAt = `${today} 10:00+08`;

    // the unit tree: ids made first in each CTE, so that a unit's path ends with its own id as UnitsService writes it
    await step('units', `
      WITH n AS (SELECT gen_random_uuid() AS g)
      INSERT INTO unit (id, code, name, kind, jurisdiction_id, path) SELECT g, 'SZ', '某省', 'jurisdiction', g, g || '/' FROM n`);
    await db.query(`
      WITH n AS (SELECT c, gen_random_uuid() AS g FROM generate_series(1, $1::int) c)
      INSERT INTO unit (id, code, name, kind, parent_id, jurisdiction_id, path)
      SELECT n.g, 'SZ-C' || lpad(c::text, 2, '0'), '第' || c || '市', 'jurisdiction', p.id, n.g, p.path || n.g || '/'
        FROM n, unit p WHERE p.code = 'SZ'`, [shape.cities]);
    await db.query(`
      WITH n AS (SELECT p.id AS pid, p.path AS ppath, p.code AS pcode, p.name AS pname, k, gen_random_uuid() AS g
                   FROM unit p, generate_series(1, $1::int) k WHERE p.code ~ '^SZ-C[0-9]+$')
      INSERT INTO unit (id, code, name, kind, parent_id, jurisdiction_id, path)
      SELECT g, pcode || '-K' || lpad(k::text, 2, '0'), pname || '第' || k || '县', 'jurisdiction', pid, g, ppath || g || '/'
        FROM n`, [shape.countiesPerCity]);
    // every jurisdiction's 法治办; departments and townships in the counties
    await db.query(`
      WITH n AS (SELECT j.*, gen_random_uuid() AS g FROM unit j WHERE j.kind = 'jurisdiction')
      INSERT INTO unit (id, code, name, kind, parent_id, jurisdiction_id, path)
      SELECT g, code || '-0', name || '法治办', 'office', id, id, path || g || '/' FROM n`);
    await db.query(`
      WITH n AS (SELECT j.id AS jid, j.path AS jpath, j.code AS jcode, j.name AS jname, d, gen_random_uuid() AS g
                   FROM unit j, generate_series(1, ${DEPARTMENTS.length + TOWNSHIPS.length}) d WHERE j.code ~ '^SZ-C[0-9]+-K[0-9]+$')
      INSERT INTO unit (id, code, name, kind, parent_id, jurisdiction_id, path)
      SELECT g, jcode || CASE WHEN d <= ${DEPARTMENTS.length} THEN '-D' || lpad(d::text, 2, '0')
                              ELSE '-T' || lpad((d - ${DEPARTMENTS.length})::text, 2, '0') END,
             jname || (${sqlArray([...DEPARTMENTS, ...TOWNSHIPS])})[d],
             CASE WHEN d <= ${DEPARTMENTS.length} THEN 'department' ELSE 'township' END, jid, jid, jpath || g || '/'
        FROM n`);
    await step('users', `
      INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
      SELECT lower(code), name, $1, CASE kind WHEN 'office' THEN 'office' ELSE 'department' END, id
        FROM unit WHERE kind <> 'jurisdiction'`, [passwordHash]);

    // the units that lead tasks, numbered in code order, with their user and their county office's user
    await db.query(`
      CREATE TEMP TABLE lead AS
      SELECT (row_number() OVER (ORDER BY u.code) - 1)::int AS k, u.id, u.jurisdiction_id, au.id AS user_id,
             o.id AS office_id, ou.id AS office_user_id
        FROM unit u JOIN app_user au ON au.unit_id = u.id
        JOIN unit o ON o.parent_id = u.jurisdiction_id AND o.kind = 'office' JOIN app_user ou ON ou.unit_id = o.id
       WHERE u.kind IN ('department', 'township')`);
    await db.query(`ALTER TABLE lead ADD PRIMARY KEY (k)`);
    await db.query(`ANALYZE lead`);

    // drop what slows a bulk load; keep the definitions to put them back
    const { rows: indexes } = await db.query<{ name: string; def: string }>(`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid::regclass::text = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [BULK_TABLES]);
    const { rows: fkeys } = await db.query<{ tbl: string; name: string; def: string }>(`
      SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`, [BULK_TABLES]);
    for (const f of fkeys) await db.query(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.name}`);
    for (const i of indexes) await db.query(`DROP INDEX ${i.name}`);

    // tasks: plan year by s mod the years; in today's year every other task open, a fifth of those overdue; the
    // lead unit skewed by a power of a low-discrepancy sequence; codes numbered per jurisdiction and year as the app does
    // (padStart: at least 3 digits, never cut — lpad would cut 1147 to 114)
    await step('tasks', `
      INSERT INTO task (jurisdiction_id, code, plan_year, title, description, lead_unit_id, original_deadline, current_deadline,
                        priority, progress_percent, status, last_progress_at, assigned_at, acknowledged_at, submitted_at,
                        completed_at, cancelled_at, completion_note, created_by, created_at, updated_at, version)
      SELECT jurisdiction_id, y || '-' || lpad(seq::text, greatest(3, length(seq::text)), '0'), y, '关于' || topic || '的督办事项', descr, lead_id, deadline,
             deadline, CASE s % 10 WHEN 0 THEN 'high' WHEN 9 THEN 'low' ELSE 'normal' END,
             CASE WHEN status = 'completed' THEN 100 WHEN acked IS NULL THEN 0 ELSE 10 * (1 + s % 9) END, status,
             CASE WHEN acked IS NOT NULL AND status <> 'cancelled' THEN acked + (coalesce(submitted, $2::timestamptz) - acked)
               * ((1 + seq % 2)::float8 / (2 + seq % 2)) END,
             assigned, acked, submitted, completed, cancelled,
             CASE WHEN status = 'completed' THEN '已按要求完成，佐证材料已上传。' END, office_user_id, created,
             coalesce(completed, cancelled, submitted, acked, assigned), 1 + (acked IS NOT NULL)::int + (1 + seq % 2)
               + (submitted IS NOT NULL)::int + (completed IS NOT NULL OR cancelled IS NOT NULL)::int
        FROM (
          SELECT b.*, CASE WHEN status = 'completed' THEN submitted + interval '18 hours' END AS completed
            FROM (
          SELECT s, y, status, deadline, lead.id AS lead_id, lead.jurisdiction_id, lead.office_user_id, created, assigned,
                 CASE WHEN status IN ('acknowledged', 'submitted', 'completed') THEN assigned + interval '1 day' END AS acked,
                 CASE WHEN status = 'submitted' THEN $2::timestamptz - (1 + s % 10) * interval '1 day'
                      WHEN status = 'completed' THEN greatest(assigned + interval '3 days',
                        deadline - (s % 15) + CASE WHEN s % 9 = 0 THEN 12 ELSE 0 END + time '16:30' - interval '8 hours') END
                   AS submitted,
                 CASE WHEN status = 'cancelled' THEN assigned + (5 + s % 60) * interval '1 day' END AS cancelled,
                 (${sqlArray(TOPICS)})[1 + s % ${TOPICS.length}] AS topic,
                 (${sqlArray(DESCRIPTIONS)})[1 + (s / 7) % ${DESCRIPTIONS.length}] AS descr,
                 row_number() OVER (PARTITION BY lead.jurisdiction_id, y ORDER BY s) AS seq
            FROM (
              SELECT s, y, open, status, created, created + interval '1 day' AS assigned,
                     CASE WHEN open AND (s / ${2 * shape.planYears}) % 5 = 0 THEN $3::date - 1 - (s / 7) % 60
                          WHEN open THEN $3::date + 1 + (s / 7) % 100
                          WHEN y = $4 THEN make_date(y, 1, 20) + (s * 37) % greatest($3::date - make_date(y, 1, 20) - 20, 30)
                          ELSE make_date(y, 1, 20) + (s * 37) % 330 END AS deadline,
                     floor(u * power(s * 0.6180339887498949 - floor(s * 0.6180339887498949), 1.3))::int AS k
                FROM (SELECT count(*)::int AS u FROM lead) n,
                     generate_series(1, $1::int) s
                CROSS JOIN LATERAL (SELECT $4::int - s % ${shape.planYears} AS y) py
                CROSS JOIN LATERAL (SELECT py.y = $4 AND (s / ${shape.planYears}) % 2 = 0 AS open) o
                CROSS JOIN LATERAL (SELECT CASE WHEN o.open THEN CASE WHEN (s / ${2 * shape.planYears}) % 20 < 3 THEN 'assigned'
                                                        WHEN (s / ${2 * shape.planYears}) % 20 < 6 THEN 'submitted'
                                                        ELSE 'acknowledged' END
                                                WHEN s % 20 = 7 THEN 'cancelled' ELSE 'completed' END AS status,
                                           make_date(py.y, 1, 5) + (s % 10) + time '09:00' - interval '8 hours' AS created) st
            ) a JOIN lead ON lead.k = a.k
            ) b
        ) c`, [shape.tasks, todayAt, today, year]);
    await step('task code counters', `
      INSERT INTO task_code_counter (jurisdiction_id, plan_year, last_seq)
      SELECT jurisdiction_id, plan_year, count(*) FROM task GROUP BY 1, 2`);
    // a tenth of the tasks with a co-owner in the same county (the next unit in code order)
    await step('co-owners', `
      INSERT INTO task_co_owner (task_id, unit_id, progress_percent, last_note, last_progress_at)
      SELECT t.id, c.id, t.progress_percent, CASE WHEN t.last_progress_at IS NOT NULL THEN '配合单位已按分工完成相关工作。' END,
             t.last_progress_at
        FROM task t JOIN lead l ON l.id = t.lead_unit_id JOIN lead c ON c.k = l.k + 1 AND c.jurisdiction_id = t.jurisdiction_id
       WHERE right(t.code, 1) = '3'`);
    // one or two progress notes per acknowledged task (two when its number is odd), spread between acknowledgement
    // and submission (or today); the last one is the task's last_progress_at
    await step('progress', `
      INSERT INTO task_progress (task_id, unit_id, author_id, note, percent, created_at)
      SELECT t.id, t.lead_unit_id, l.user_id, (${sqlArray(NOTES)})[1 + (p + length(t.code)) % ${NOTES.length}],
             CASE WHEN p = n THEN t.progress_percent ELSE t.progress_percent / 2 END,
             t.acknowledged_at + (coalesce(t.submitted_at, $1::timestamptz) - t.acknowledged_at) * (p::float8 / (n + 1))
        FROM task t JOIN lead l ON l.id = t.lead_unit_id
       CROSS JOIN LATERAL (SELECT 1 + right(t.code, 1)::int % 2 AS n) c CROSS JOIN LATERAL generate_series(1, c.n) p
       WHERE t.acknowledged_at IS NOT NULL AND t.status <> 'cancelled'`, [todayAt]);
    // the audit trail, task by task in the order it happened (history is read by (task_id, id))
    await step('history', `
      INSERT INTO task_event (task_id, actor_id, actor_unit_id, at, action, from_status, to_status, reason, changes)
      SELECT t.id, e.actor, e.unit, e.at, e.action, e.from_status, e.to_status, e.reason, '{}'
        FROM task t JOIN lead l ON l.id = t.lead_unit_id
       CROSS JOIN LATERAL (SELECT 1 + right(t.code, 1)::int % 2 AS n,
                                  coalesce(t.submitted_at, $1::timestamptz) - t.acknowledged_at AS span) c
       CROSS JOIN LATERAL (VALUES
         (t.created_at, 'create', l.office_user_id, l.office_id, NULL, 'draft', NULL),
         (t.assigned_at, 'publish', l.office_user_id, l.office_id, 'draft', 'assigned', NULL),
         (t.acknowledged_at, 'acknowledge', l.user_id, l.id, 'assigned', 'acknowledged', NULL),
         (CASE WHEN t.status <> 'cancelled' THEN t.acknowledged_at + c.span * (1 / (c.n + 1)::float8) END, 'progress',
          l.user_id, l.id, NULL, NULL, NULL),
         (CASE WHEN t.status <> 'cancelled' AND c.n = 2 THEN t.acknowledged_at + c.span * (2 / 3::float8) END, 'progress',
          l.user_id, l.id, NULL, NULL, NULL),
         (t.submitted_at, 'submit', l.user_id, l.id, 'acknowledged', 'submitted', NULL),
         (t.completed_at, 'approve', l.office_user_id, l.office_id, 'submitted', 'completed', NULL),
         (t.cancelled_at, 'cancel', l.office_user_id, l.office_id, 'assigned', 'cancelled', '任务调整，不再督办'))
         e(at, action, actor, unit, from_status, to_status, reason)
       WHERE e.at IS NOT NULL`, [todayAt]);

    // put back the indexes (each unique one checks its rows) and the foreign keys (each validates every row in one join)
    const t = performance.now();
    await db.query(`SET max_parallel_maintenance_workers = 2`);
    for (const i of indexes) await db.query(i.def);
    steps.push(['indexes', (performance.now() - t) / 1000]);
    log(`  indexes: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const t2 = performance.now();
    for (const f of fkeys) await db.query(`ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.name} ${f.def}`);
    steps.push(['foreign keys', (performance.now() - t2) / 1000]);
    log(`  foreign keys: ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    await db.query(`DROP TABLE lead`);
    await step('vacuum analyze', `VACUUM ANALYZE`);

    const [c] = (await db.query(`SELECT (SELECT count(*) FROM unit)::int AS units, (SELECT count(*) FROM app_user)::int AS users,
      (SELECT count(*) FROM task)::int AS tasks,
      (SELECT count(*) FROM task WHERE status IN ('assigned', 'acknowledged', 'submitted'))::int AS open,
      (SELECT count(*) FROM task WHERE status IN ('assigned', 'acknowledged', 'submitted') AND current_deadline < $1::date)::int AS overdue,
      (SELECT count(*) FROM task_event)::int AS events, (SELECT count(*) FROM task_progress)::int AS progress,
      (SELECT count(*) FROM task_co_owner)::int AS co_owners`, [today])).rows;
    return { units: c.units, users: c.users, tasks: c.tasks, open: c.open, overdue: c.overdue, events: c.events,
      progress: c.progress, coOwners: c.co_owners, steps, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await db.end();
  }
}

/** One line saying what was seeded and how long it took. */
export const describeProvince = (f: ProvinceFigures) =>
  `province fixture: ${f.units.toLocaleString('en-US')} units, ${f.users.toLocaleString('en-US')} users, ` +
  `${f.tasks.toLocaleString('en-US')} tasks (${f.open.toLocaleString('en-US')} open, ${f.overdue.toLocaleString('en-US')} overdue), ` +
  `${f.events.toLocaleString('en-US')} history events, ${f.progress.toLocaleString('en-US')} progress notes, ` +
  `${f.coOwners.toLocaleString('en-US')} co-owners; seeded in ${f.seconds.toFixed(0)} s ` +
  `(${f.steps.map(([l, s]) => `${l} ${s.toFixed(1)}`).join(', ')})`;
