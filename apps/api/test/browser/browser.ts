import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { webRoot } from '../../src/web/web.module';
import { ApiHarness, PASSWORD, startApi } from '../harness';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', 'test-output', 'screenshots');

/** Why the browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (!webRoot()) return 'dist/web is not built (npm run build:web)';
  return null;
}

export interface BrowserHarness {
  api: ApiHarness;
  baseUrl: string;
  context: BrowserContext;
  /** a new tab: its own sessionStorage, so its own signed-in user */
  page(): Promise<Page>;
  /** page errors seen so far (uncaught exceptions in the web app) */
  errors: string[];
  close(): Promise<void>;
}

/** A phone in DingTalk's in-app browser: 390×844 at 3× (the size of a common iPhone), touch, a mobile user agent. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 13; V2241A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) '
    + 'Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 AliApp(DingTalk/7.6.0) com.alibaba.android.rimet/36341234 Channel/227200 language/zh-CN',
};

/**
 * The real API on a fresh database (`env` as for startApi), listening on loopback, and Debian's Chromium with a fresh
 * profile; `device` replaces the 1366×768 desktop (PHONE for a phone).
 */
export async function startBrowser(now: string, env: Record<string, string> = {}, device: BrowserContextOptions = {}): Promise<BrowserHarness> {
  const api = await startApi(now, env);
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const profile = mkdtempSync(join(tmpdir(), 'duban-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...device,
  });
  context.setDefaultTimeout(15_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const errors: string[] = [];
  return {
    api, baseUrl, context, errors,
    page: async () => {
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(err.message));
      return page;
    },
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await api.close();
    },
  };
}

export async function login(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('[data-test=login]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // the layout scrolls inside .app-main, so grow the window to the content for a whole-page picture
  const viewport = page.viewportSize() ?? { width: 1366, height: 768 };
  const height = await page.evaluate("Math.max(document.querySelector('.app-main')?.scrollHeight ?? 0, document.body.scrollHeight)") as number;
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.min(height + 60, 4000)) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize(viewport);
}

/** Waits until the locator shows the text. */
export async function see(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor();
}

/** Opens the action's dialog, fills it, confirms, and waits for the success message. */
export async function act(page: Page, action: string, fill: { note?: string; reason?: string; files?: Array<{ name: string; buffer: Buffer }> } = {}) {
  await page.locator(`[data-action=${action}]:visible`).first().click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  if (fill.note !== undefined) await dialog.locator('[data-test=note]').fill(fill.note);
  if (fill.reason !== undefined) await dialog.locator('[data-test=reason]').fill(fill.reason);
  if (fill.files) {
    await dialog.locator('input[type=file]').setInputFiles(fill.files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })));
  }
  await dialog.locator('[data-test=confirm]').click();
  await page.locator('.el-message--success').last().waitFor();
  await dialog.waitFor({ state: 'hidden' });
}

/** Confirms an ElMessageBox. */
export async function confirmBox(page: Page): Promise<void> {
  await page.locator('.el-message-box__btns .el-button--primary:visible').click();
}

/** Nothing scrolls sideways at `width`: neither the document nor the layout's scrolling main area. */
export async function fitsWidth(page: Page, width: number): Promise<void> {
  await page.waitForLoadState('networkidle');
  const widths = await page.evaluate(`({ doc: document.documentElement.scrollWidth,
    main: (document.querySelector('.app-main') ?? document.documentElement).scrollWidth,
    mainClient: (document.querySelector('.app-main') ?? document.documentElement).clientWidth })`) as
    { doc: number; main: number; mainClient: number };
  expect(widths.doc).toBeLessThanOrEqual(width);
  expect(widths.main).toBeLessThanOrEqual(widths.mainClient);
}
