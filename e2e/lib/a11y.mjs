// Accessibility: axe-core run inside the page; violations tallied by impact. Serious and
// critical ones fail the run and are printed with the rule, its help text and the elements.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

export const FAILING_IMPACTS = ['serious', 'critical'];
const IMPACTS = ['minor', 'moderate', 'serious', 'critical'];

export class AccessibilityTally {
  constructor() {
    this.counts = Object.fromEntries(IMPACTS.map((impact) => [impact, 0]));
    /** serious and critical violations: {where, id, impact, help, helpUrl, targets} */
    this.failures = [];
    /** other violations, kept short: {where, id, impact, help} */
    this.notes = [];
    this.pagesChecked = 0;
  }

  /**
   * Runs axe on `page` (loaded as `where`, e.g. "org-map-phone") and records its violations.
   * Evaluated through the DevTools protocol, so a Content-Security-Policy does not block it.
   */
  async check(page, where) {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'minor',
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.slice(0, 8).map((node) => ({ target: node.target.join(' '), summary: node.failureSummary })),
      }));
    });
    this.pagesChecked += 1;
    for (const violation of violations) {
      this.counts[violation.impact] = (this.counts[violation.impact] ?? 0) + 1;
      if (FAILING_IMPACTS.includes(violation.impact)) {
        this.failures.push({ where, ...violation });
      } else {
        this.notes.push({ where, id: violation.id, impact: violation.impact, help: violation.help, targets: violation.targets });
      }
    }
    return violations;
  }

  report() {
    if (this.notes.length > 0) {
      console.log('\naccessibility notes (minor/moderate, not failing):');
      for (const note of this.notes) {
        console.log(`  ${note.impact} ${note.id} on ${note.where}: ${note.help}`);
        for (const node of note.targets) console.log(`      at ${node.target}`);
      }
    }
    if (this.failures.length > 0) {
      console.log('\naccessibility failures (serious/critical):');
      for (const failure of this.failures) {
        console.log(`  ✗ ${failure.impact} ${failure.id} on ${failure.where}: ${failure.help}`);
        console.log(`      ${failure.helpUrl}`);
        for (const node of failure.targets) {
          console.log(`      at ${node.target}`);
          if (node.summary) console.log(`         ${node.summary.split('\n').join('\n         ')}`);
        }
      }
    }
  }

  summary() {
    return IMPACTS.map((impact) => `${this.counts[impact]} ${impact}`).join(', ');
  }
}
