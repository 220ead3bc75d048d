import { DEFAULT_POLICY } from './cadence-policy';

/**
 * SQL: the channels a workflow event's notices go out on in the jurisdiction `jurisdictionIdSql` — the stored policy's
 * `notices.<event>` when it has one, else `defaultsSql` (a text[] parameter: DEFAULT_POLICY's). For the tasks module's
 * notices, written in one INSERT … SELECT with the step (cadence_policy is the supervision module's table).
 */
export const noticeChannelsSql = (jurisdictionIdSql: string, eventSql: string, defaultsSql: string): string =>
  `coalesce((SELECT array(SELECT jsonb_array_elements_text(cp.policy->'notices'->${eventSql}))
               FROM cadence_policy cp WHERE cp.jurisdiction_id = ${jurisdictionIdSql}
                AND jsonb_typeof(cp.policy->'notices'->${eventSql}) = 'array'),
             ${defaultsSql}::text[])`;

/**
 * SQL: the jurisdiction's `reviewBeforeClose` (复核 before 销号) as a boolean, the default where its policy has none;
 * for the tasks module's approve, read in the step's own transaction.
 */
export const reviewBeforeCloseSql = (jurisdictionIdSql: string): string =>
  `coalesce((SELECT (cp.policy->>'reviewBeforeClose')::boolean FROM cadence_policy cp
              WHERE cp.jurisdiction_id = ${jurisdictionIdSql}), ${DEFAULT_POLICY.reviewBeforeClose})`;
