import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session, type Role } from './session';

const OFFICE: Role[] = ['office', 'admin'];

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: () => import('./components/AppLayout.vue'),
    children: [
      { path: '', redirect: () => home() },
      { path: 'dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { roles: OFFICE, title: '督办总览' } },
      { path: 'tasks', component: () => import('./pages/TaskListPage.vue'), meta: { title: '任务台账' } },
      { path: 'tasks/import', component: () => import('./pages/LedgerImportPage.vue'), meta: { roles: OFFICE, title: '台账导入' } },
      { path: 'tasks/:id', component: () => import('./pages/TaskDetailPage.vue'), meta: { title: '任务详情' } },
      { path: 'leader', component: () => import('./pages/LeaderPage.vue'), meta: { roles: ['leader'], title: '领导首页' } },
      { path: 'my', component: () => import('./pages/MyTasksPage.vue'), meta: { roles: ['department'], title: '我的任务' } },
      { path: 'reports', component: () => import('./pages/ReportImportPage.vue'), meta: { roles: OFFICE, title: '报告导入' } },
      { path: 'reports/:id', component: () => import('./pages/ReportReviewPage.vue'), meta: { roles: OFFICE, title: '报告审核' } },
      // noAccess: a role without it gets the 无权访问 page at the URL instead of being sent home
      { path: 'admin', component: () => import('./pages/AdminPage.vue'), meta: { roles: OFFICE, title: '管理', noAccess: true } },
      { path: 'documents', component: () => import('./pages/DocumentListPage.vue'), meta: { title: '督办文书' } },
      { path: 'documents/:id', component: () => import('./pages/DocumentViewPage.vue'), meta: { title: '文书' } },
      { path: 'bulletins', component: () => import('./pages/BulletinPage.vue'), meta: { title: '月通报' } },
      { path: 'assessments', component: () => import('./pages/AssessmentPage.vue'), meta: { title: '季考核' } },
      // the admin belongs to no jurisdiction: the year is per county, read by its office, departments and leaders
      { path: 'assessments/annual', component: () => import('./pages/AnnualReviewPage.vue'),
        meta: { roles: ['office', 'department', 'leader'], title: '年度考核' } },
      { path: 'spot-checks', component: () => import('./pages/SpotCheckPage.vue'),
        meta: { roles: ['office', 'department'], title: '督察抽查' } },
      { path: 'report-calendar', component: () => import('./pages/ReportCalendarPage.vue'), meta: { title: '报送日历' } },
      { path: 'inbox', component: () => import('./pages/InboxPage.vue'), meta: { title: '消息' } },
      { path: ':rest(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
      // reached by name only (the path above matches first): a page the role may not use, shown at the URL asked for
      { path: ':denied(.*)*', name: 'no-access', component: () => import('./pages/NoAccessPage.vue'), meta: { title: '无权访问' } },
    ],
  },
];

export function home(): string {
  const role = session.user?.role;
  if (role === 'office' || role === 'admin') return '/dashboard';
  if (role === 'department') return '/my';
  if (role === 'leader') return '/leader';
  return '/tasks';
}

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!session.token || !session.user) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  const roles = to.meta.roles as Role[] | undefined;
  if (roles && !roles.includes(session.user.role)) {
    if (!to.meta.noAccess) return home();
    return { name: 'no-access', params: { denied: to.path.slice(1).split('/') }, query: to.query, hash: to.hash, replace: true };
  }
  return true;
});

router.afterEach((to) => {
  document.title = `${(to.meta.title as string | undefined) ?? '督办'} · 督办系统`;
});
