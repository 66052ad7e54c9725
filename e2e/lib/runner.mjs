// Journeys as named lists of steps: each step prints ✓ or ✗; the first failing step ends its
// journey (the rest are reported as skipped) with the step's name, the error (Playwright's
// message names the selector it waited for) and a screenshot of every open page.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export class StepFailure extends Error {}

/** Throws a StepFailure with `message` unless `condition` holds. */
export function ensure(condition, message) {
  if (!condition) throw new StepFailure(message);
}

export class Runner {
  /** @param {string} screenshotDir where failure screenshots go (under failures/) */
  constructor(screenshotDir) {
    this.screenshotDir = screenshotDir;
    this.results = [];
    this.onlyNames = [];
    /** pages to photograph when a step fails: () => Array<{label, page}> */
    this.openPages = () => [];
  }

  /**
   * Runs journey `name`. `body(step)` calls `await step('what it does', async () => …)` for
   * each step. `needs` names journeys that must have passed first.
   */
  async journey(name, { needs = [] } = {}, body) {
    if (this.onlyNames.length > 0 && !this.onlyNames.includes(name)) return;
    console.log(`\n${name}`);
    const missing = needs.filter((need) => !this.results.some((r) => r.name === need && r.passed));
    if (missing.length > 0) {
      console.log(`  - skipped: needs ${missing.join(', ')} to pass first`);
      this.results.push({ name, passed: false, skipped: true, failure: `needs ${missing.join(', ')}` });
      return;
    }
    let failure = null;
    let skipping = false;
    const step = async (what, action) => {
      if (skipping) {
        console.log(`  - ${what} (skipped)`);
        return undefined;
      }
      try {
        const value = await action();
        console.log(`  ✓ ${what}`);
        return value;
      } catch (error) {
        skipping = true;
        const shots = await this.photographFailure(name, what);
        const message = describe(error);
        failure = { step: what, message, shots };
        console.log(`  ✗ ${what}`);
        console.log(indent(message, '      '));
        for (const shot of shots) console.log(`      screenshot: ${shot}`);
        return undefined;
      }
    };
    try {
      await body(step);
    } catch (error) {
      // An error outside any step is still this journey's failure.
      failure ??= { step: '(between steps)', message: describe(error), shots: [] };
      console.log(`  ✗ ${describe(error)}`);
    }
    this.results.push({ name, passed: failure === null, skipped: false, failure });
  }

  async photographFailure(journey, step) {
    const dir = path.join(this.screenshotDir, 'failures');
    await mkdir(dir, { recursive: true });
    const shots = [];
    for (const { label, page } of this.openPages()) {
      if (page.isClosed()) continue;
      const file = path.join(dir, `${slug(journey)}--${slug(step)}--${label}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
        shots.push(path.relative(process.cwd(), file));
      } catch {
        // A page that cannot be photographed says nothing more about the failure.
      }
    }
    return shots;
  }

  get passed() {
    return this.results.filter((r) => r.passed).length;
  }

  get failed() {
    return this.results.filter((r) => !r.passed).length;
  }
}

function describe(error) {
  if (error instanceof StepFailure) return error.message;
  const text = error && error.message ? error.message : String(error);
  // Playwright's call logs are long; the first lines say what was waited for and why.
  return text.split('\n').slice(0, 12).join('\n');
}

function indent(text, prefix) {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

export function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
