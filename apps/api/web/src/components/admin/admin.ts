// State shared by the 管理 tabs: the units and users they edit, the jurisdictions the settings apply to. The shapes are
// the API's (api/types); the tabs import them from here as before.
import { computed, ref } from 'vue';
import { ApiError } from '../../api';
import { answer, client } from '../../api/client';
import { session } from '../../session';
import type {
  BeatName, CalendarDay, Channel, LadderStep, Recipient, Unit, UnitWebhook, User, YearSource,
} from '../../api/types';
import { useUnits } from '../../units';

export const YEAR_SOURCE_LABELS: Record<NonNullable<YearSource>, string> = { notice: '录入的通知', 'chinese-days': 'chinese-days 数据' };

export const BEAT_LABELS: Record<BeatName, string> = {
  'daily-assign': '日交办', 'weekly-remind': '周提醒', 'monthly-bulletin': '月通报', 'quarterly-review': '季考核', escalate: '逾期升级',
};
export const STEP_LABELS: Record<LadderStep['kind'], string> = { due_soon: '到期提醒', urge: '催办', supervise: '督办', name: '点名通报' };
export const RECIPIENT_LABELS: Record<Recipient, string> = { unit: '责任单位', leaders: '分管领导', office: '法治办', all: '全部单位' };
export const CHANNEL_LABELS: Record<Channel, string> = { inbox: '站内消息', email: '电子邮件', webhook: '群机器人' };
export const SOURCE_LABELS: Record<CalendarDay['source'], string> = { holiday: '法定节假日', makeup: '调休上班', override: '本地调整' };
export const WEBHOOK_LABELS: Record<UnitWebhook['kind'], string> = { dingtalk: '钉钉', wecom: '企业微信', generic: '通用' };
export type {
  BeatName, CadencePolicy, CadenceSettings, CalendarDay, CalendarDifference, Channel, EnteredDay, EnteredYear, HolidayRange, LadderStep,
  NationalCalendarOverview, NoticeDay, NoticeEvent, NoticeItem, NoticeReview, OwnerRule, Recipient, ScoringWeights, WorkingDays,
  YearCoverage, YearSource,
} from '../../api/types';

const { units } = useUnits();
const users = ref<User[]>([]);

/** Reads units and users again (after a change, and when the page opens). */
export async function reloadUnits(): Promise<void> {
  units.value = await answer(() => client.GET('/api/units'));
}
export async function reloadUsers(): Promise<void> {
  users.value = await answer(() => client.GET('/api/users'));
}

export type UnitNode = Unit & { children?: UnitNode[]; depth: number };

const KIND_ORDER: Record<Unit['kind'], number> = { office: 0, department: 1, township: 2, jurisdiction: 3 };

/** The units as a tree; under a parent the office first, then departments, townships, lower jurisdictions, by code. */
export function unitTree(list: Unit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>(list.map((u) => [u.id, { ...u, depth: 0, children: undefined }]));
  const roots: UnitNode[] = [];
  for (const u of byId.values()) {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent) (parent.children ??= []).push(u);
    else roots.push(u);
  }
  const order = (a: UnitNode, b: UnitNode) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code);
  const depth = (nodes: UnitNode[], d: number) => nodes.sort(order).forEach((n) => {
    n.depth = d;
    if (n.children) depth(n.children, d + 1);
  });
  depth(roots, 0);
  return roots;
}

/** Jurisdictions whose settings the user may edit: all for an admin (but the admins' own 系统管理), else their own. */
const jurisdictions = computed(() => {
  const user = session.user;
  if (!user) return [];
  const all = units.value.filter((u) => u.kind === 'jurisdiction' && u.code !== 'SYSTEM');
  return user.role === 'admin' ? all : all.filter((u) => u.id === user.jurisdictionId);
});
const selectedJurisdiction = ref<string>('');

/** Units under a jurisdiction (its subtree), the jurisdiction itself excluded. */
export function unitsUnder(jurisdictionId: string): Unit[] {
  const root = units.value.find((u) => u.id === jurisdictionId);
  if (!root?.path) return [];
  return units.value.filter((u) => u.id !== root.id && u.path?.startsWith(root.path!));
}

export function useAdmin() {
  return { units, users, jurisdictions, selectedJurisdiction, isAdmin: computed(() => session.user?.role === 'admin') };
}

/** The API's Chinese message of a failed request (the caller shows it next to the form it came from). */
export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : '操作失败，请稍后重试';
}
