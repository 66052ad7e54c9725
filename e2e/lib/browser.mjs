// Debian's Chromium driven by playwright-core, and the checks every page gets: a full-page
// screenshot at desktop and phone widths, axe-core, no console errors, one h1, and no
// sideways scrolling on a phone.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { ensure } from './runner.mjs';

export const WIDTHS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * Headless Chromium from `executablePath`, never a browser downloaded by Playwright. Each
 * launch uses a fresh temporary profile (user-data-dir), removed when it closes.
 */
export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The browser, the site under test, and what the page checks found. */
export class Site {
  constructor({ browser, base, screenshotDir, tally }) {
    this.browser = browser;
    this.base = base;
    this.screenshotDir = screenshotDir;
    this.tally = tally;
    /** names of the screenshots written, e.g. "org-map-phone" */
    this.screenshots = new Set();
    /** page problems that fail the run: console errors, h1 count, sideways scrolling */
    this.problems = [];
    this.windows = [];
    /** the window that last opened a page: the one to photograph when a step fails */
    this.lastWindow = null;
  }

  /** A new browser context (its own cookies) at `width`, with one page. */
  async openWindow(width, { javaScriptEnabled = true, label = width } = {}) {
    const context = await this.browser.newContext({ ...WIDTHS[width], javaScriptEnabled, baseURL: this.base });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.setDefaultNavigationTimeout(30_000);
    const window = new Window(this, context, page, width, label, javaScriptEnabled);
    this.windows.push(window);
    return window;
  }

  /** A person's two windows, desktop and phone, each with its own session. */
  async openPerson(label) {
    const desktop = await this.openWindow('desktop', { label: `${label}-desktop` });
    const phone = await this.openWindow('phone', { label: `${label}-phone` });
    return new Person(label, desktop, phone);
  }

  /** The page to photograph when a step fails: the one that was used last. */
  openPages() {
    const window = this.lastWindow;
    return window && !window.page.isClosed() ? [{ label: window.label, page: window.page }] : [];
  }

  async close() {
    for (const window of this.windows) await window.context.close().catch(() => {});
    this.windows = [];
  }
}

/** One browser context and its page at one width. */
export class Window {
  constructor(site, context, page, width, label, javaScriptEnabled) {
    this.site = site;
    this.javaScriptEnabled = javaScriptEnabled;
    this.context = context;
    this.page = page;
    this.width = width;
    this.label = label;
    this.consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const source = message.location()?.url ?? '';
      // The document's own status (404, 422, …) is checked by the journeys themselves.
      if (message.text().startsWith('Failed to load resource') && sameDocument(source, page.url())) return;
      // Chromium asks for /favicon.ico by itself; the pages declare no icon.
      if (source.endsWith('/favicon.ico')) return;
      this.consoleErrors.push(`${message.text()}${source ? ` (${source})` : ''}`);
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`uncaught: ${error.message}`));
    // Forms with data-confirm ask first (static/app.js); a person would say yes.
    page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  }

  /** Opens `target` (a path) and checks the answer's status. */
  async goto(target, { status = 200 } = {}) {
    this.site.lastWindow = this;
    const response = await this.page.goto(target, { waitUntil: 'domcontentloaded' });
    ensure(response !== null, `no answer for ${target}`);
    expectStatus(response, status, `GET ${target}`);
    return response;
  }

  /**
   * Clicks `locator` (a submit button or a link) and waits for the page it leads to (after
   * redirects); checks that page's status.
   */
  async follow(locator, { status = 200, what = 'the form' } = {}) {
    const page = this.page;
    this.site.lastWindow = this;
    const arrived = page.waitForResponse(
      (response) =>
        response.request().isNavigationRequest() &&
        response.request().frame() === page.mainFrame() &&
        !REDIRECTS.includes(response.status()),
      { timeout: 30_000 },
    );
    await locator.click();
    const response = await arrived;
    await page.waitForLoadState('domcontentloaded');
    expectStatus(response, status, `${what} (${response.request().method()} ${new URL(response.url()).pathname})`);
    return response;
  }

  /** The path and query of the current page. */
  get path() {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  /** Signs in through the sign-in page (opening it first unless it is open). */
  async signIn(login, password) {
    if (!new URL(this.page.url(), this.site.base).pathname.startsWith('/sign-in')) await this.goto('/sign-in');
    await this.page.getByLabel('Person id or e-mail address').fill(login);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.follow(this.page.getByRole('button', { name: 'Sign in' }), { what: `signing in as ${login}` });
    const arrived = new URL(this.page.url()).pathname;
    ensure(arrived !== '/sign-in', `signing in as ${login} stayed on the sign-in page`);
  }

  /**
   * The checks of a page shown now, saved as `<name>-<width>.png`: screenshot, axe (when
   * JavaScript runs), console errors, one h1, no sideways scrolling on a phone.
   */
  async capture(name) {
    const page = this.page;
    const where = `${name}-${this.width}`;
    await page.waitForLoadState('load');
    await mkdir(this.site.screenshotDir, { recursive: true });
    const started = performance.now();
    await page.screenshot({ path: path.join(this.site.screenshotDir, `${where}.png`), fullPage: true });
    const shot = performance.now();
    this.site.screenshots.add(where);
    const headings = await page.locator('h1').count();
    if (headings !== 1) this.site.problems.push(`${where} (${this.path}): ${headings} h1 elements, want exactly one`);
    const sideways = this.javaScriptEnabled
      ? await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      : 0;
    if (sideways > 1) {
      this.site.problems.push(`${where} (${this.path}): the page is ${sideways}px wider than the ${this.width} screen`);
    }
    if (this.javaScriptEnabled) await this.site.tally.check(page, where);
    if (process.env.POLYLEAD_E2E_TIMING) {
      console.log(`    ${where}: screenshot ${Math.round(shot - started)} ms, checks ${Math.round(performance.now() - shot)} ms`);
    }
    for (const error of this.consoleErrors.splice(0)) {
      this.site.problems.push(`${where} (${this.path}): console error: ${error}`);
    }
  }
}

/** A person signed in twice: a desktop and a phone window. */
export class Person {
  constructor(label, desktop, phone) {
    this.label = label;
    this.desktop = desktop;
    this.phone = phone;
    this.id = null;
  }

  /**
   * Signs in on the desktop; the phone gets the same session cookie (the server allows 20
   * sign-in attempts per address in 10 minutes, and every journey comes from 127.0.0.1).
   */
  async signIn(login, password) {
    await this.desktop.signIn(login, password);
    const { cookies } = await this.desktop.context.storageState();
    await this.phone.context.addCookies(cookies);
    this.id = login;
  }

  /** Opens `target` at both widths, checks the status and captures the page as `name`. */
  async visit(name, target, { status = 200 } = {}) {
    await this.desktop.goto(target, { status });
    await this.desktop.capture(name);
    await this.phone.goto(target, { status });
    await this.phone.capture(name);
  }

  /**
   * Captures the desktop page as it is now, and on the phone the same address (or `at`, for a
   * page shown as the answer to a POST).
   */
  async captureBoth(name, { status = 200, at = this.desktop.path } = {}) {
    await this.desktop.capture(name);
    await this.phone.goto(at, { status });
    await this.phone.capture(name);
  }
}

function expectStatus(response, status, what) {
  const wanted = Array.isArray(status) ? status : [status];
  ensure(
    wanted.includes(response.status()),
    `${what} answered ${response.status()} at ${response.url()}, want ${wanted.join(' or ')}`,
  );
}

function sameDocument(a, b) {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
}
