import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ensureDebianPackages, REPO_ROOT } from '@yiti/devstack';

/*
 * The real browser the portal's tests and benchmark drive: Debian's Chromium through playwright-core (its own
 * browser download does not work here). A machine without it gets it from apt, with the Noto fonts that have
 * Chinese and Tibetan, so screenshots show the scripts rather than boxes.
 */

export const CHROMIUM = '/usr/bin/chromium';
// poppler-utils: the tests read exported PDFs back (pdftotext) and look at their pages (pdftoppm).
const PACKAGES = ['chromium', 'fonts-noto-core', 'fonts-noto-cjk', 'poppler-utils'];

export function ensureChromium(log: (m: string) => void = console.log): void {
  ensureDebianPackages(
    PACKAGES,
    [CHROMIUM, '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/bin/pdftotext'],
    log,
  );
}

export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } } as const;

export async function newContext(
  browser: Browser,
  size: keyof typeof WIDTHS = 'desktop',
): Promise<BrowserContext> {
  return browser.newContext({ viewport: WIDTHS[size], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/** Signs in through the identity provider's own login page, as a person does, and waits for the portal. */
export async function signIn(page: Page, portalUrl: string, username: string, path = '/'): Promise<void> {
  await page.goto(`${portalUrl}${path}`);
  await page.waitForSelector('input#username', { timeout: 20_000 });
  await page.fill('input#username', username);
  await page.fill('input#password', 'yiti-demo');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]', { timeout: 30_000 });
}

/** Where screenshots go: test-output/portal/ at the repository root (not committed). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output/portal');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
  readonly targets: string[];
}

/** axe-core on the page as it is now; the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // A dialog or menu still fading in or out has half its contrast and may lack its name: check the page at rest,
  // once every finite animation has ended (spinners run forever and are left out), within 3 s.
  await page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => Number.isFinite(a.effect?.getComputedTiming().iterations ?? Infinity));
    await Promise.race([
      Promise.all(finite.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]);
  });
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy stays as served.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: any[] }> } }).axe;
    const r = await axe.run();
    return r.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      nodes: v.nodes.length as number,
      targets: v.nodes.slice(0, 3).map((n: { target: string[] }) => n.target.join(' ')) as string[],
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The header's language switch (中文 / English / བོད་ཡིག), as a person clicks it. */
export async function switchLanguage(page: Page, label: '中文' | 'English' | 'བོད་ཡིག'): Promise<void> {
  await page.locator('[data-testid=who] .ant-segmented-item', { hasText: label }).click();
}

/** An antd Select found by its form label (the control the label names). */
export const selectLabelled = (page: Page, label: string): Locator =>
  page.locator('.ant-select', { has: page.getByLabel(label, { exact: true }) });

/**
 * Opens an antd Select and picks the option with this label (or at this position, for pages in a language the test
 * does not spell out), until the select shows it (a click during the dropdown's opening animation can miss).
 */
export async function choose(page: Page, select: Locator, label: string | number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await select.click();
    const options = page.locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
    );
    const option =
      typeof label === 'number' ? options.nth(label) : options.filter({ hasText: label }).first();
    await option.waitFor();
    const title =
      typeof label === 'number'
        ? ((await option.getAttribute('title')) ?? (await option.innerText()))
        : label;
    await page.waitForTimeout(300);
    await option.click({ timeout: 2_000 }).catch(() => undefined);
    const shown = await select
      .locator(`[title="${title}"]`)
      .waitFor({ timeout: 1_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
  }
  throw new Error(`could not choose ${label}`);
}

/** A signed-in page of its own context, with the console errors it logs. */
export interface SignedInPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[];
}

/** Signs `username` in at `path` in a fresh context of this size, the portal in this language (zh-CN: default). */
export async function openSignedIn(
  browser: Browser,
  portalUrl: string,
  username: string,
  path: string,
  opts: { size?: keyof typeof WIDTHS; language?: 'zh-CN' | 'en' | 'bo' } = {},
): Promise<SignedInPage> {
  const context = await newContext(browser, opts.size ?? 'desktop');
  const language = opts.language;
  if (language && language !== 'zh-CN')
    await context.addInitScript((l) => window.localStorage.setItem('yiti.language', l), language);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await signIn(page, portalUrl, username, path);
  return { page, context, errors };
}

/** Fails, naming `where`, on any serious or critical axe-core violation. */
export async function noSeriousViolations(page: Page, where: string): Promise<void> {
  assert.deepEqual(await seriousAccessibilityViolations(page), [], where);
}

/**
 * Runs a step on a page; on failure, a screenshot of where it stood (test-output/portal/failed-<name>.png), and the
 * address and the alerts the page showed added to the error, so that a log alone tells what went wrong.
 */
export async function onPage(name: string, page: Page, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    const alerts = await page
      .locator('[role=alert], .ant-form-item-explain-error, .ant-message-notice')
      .allInnerTexts()
      .catch(() => [] as string[]);
    const where = `${name} at ${page.url()}; the page showed: ${alerts.map((a) => JSON.stringify(a.trim())).join(', ') || 'no alert'}`;
    if (err instanceof Error) {
      err.message = `${err.message}\n  (${where})`;
      throw err;
    }
    throw new Error(where, { cause: err });
  }
}
