// The browser journeys through the polylead web app (issue 5): sign in; the org map and a
// team; who decides, and starting that decision; advice from another person; deciding; the
// decision in the inbox, the list, the history and the analytics; bad input and unknown ids;
// the same without JavaScript; and an admin erasing a person. Every page is photographed at desktop and phone widths
// and checked with axe-core.
//
// Usage: node e2e/journeys.mjs BASE_URL [JOURNEY…]   (e2e/run.sh starts the server first)
// Environment: POLYLEAD_E2E_ADMIN (an admin's person id), POLYLEAD_E2E_PASSWORD (every demo
// account's password), POLYLEAD_E2E_CHROMIUM (default /usr/bin/chromium),
// POLYLEAD_E2E_SCREENSHOTS (default target/screenshots).

import path from 'node:path';

import { AccessibilityTally } from './lib/a11y.mjs';
import { Site, launchChromium } from './lib/browser.mjs';
import { Runner, ensure } from './lib/runner.mjs';
import { findScenario, getJson } from './lib/scenario.mjs';

const [base, ...only] = process.argv.slice(2);
if (!base) {
  console.error('usage: node e2e/journeys.mjs BASE_URL [JOURNEY…]');
  process.exit(2);
}
const admin = required('POLYLEAD_E2E_ADMIN');
const password = required('POLYLEAD_E2E_PASSWORD');
const chromiumPath = process.env.POLYLEAD_E2E_CHROMIUM || '/usr/bin/chromium';
const screenshotDir = path.resolve(
  process.env.POLYLEAD_E2E_SCREENSHOTS || path.join(process.env.CARGO_TARGET_DIR || 'target', 'screenshots'),
);

const tally = new AccessibilityTally();
const runner = new Runner(screenshotDir);
runner.onlyNames = only;
const browser = await launchChromium(chromiumPath);
const site = new Site({ browser, base, screenshotDir, tally });
runner.openPages = () => site.openPages();

/** What the journeys share: who plays which part, and the decision they make. */
const cast = { admin: null, proposer: null, advisor: null, decider: null, scenario: null, decision: null };
const main = (window) => window.page.locator('main');

try {
  await runner.journey('sign-in', {}, async (step) => {
    const visitor = await site.openPerson('visitor');
    await step('a visitor is sent to the sign-in page, at both widths', async () => {
      for (const window of [visitor.desktop, visitor.phone]) {
        await window.goto('/');
        ensure(window.path.startsWith('/sign-in'), `/ without a session showed ${window.path}, want /sign-in?next=…`);
        await window.capture('sign-in');
      }
    });
    await step('a wrong password is refused next to the form, keeping the login', async () => {
      const page = visitor.desktop.page;
      await page.getByLabel('Person id or e-mail address').fill(admin);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await visitor.desktop.follow(page.getByRole('button', { name: 'Sign in' }), { status: [401, 403, 422] });
      await page.locator('#sign-in-error').waitFor();
      ensure(
        (await page.getByLabel('Person id or e-mail address').inputValue()) === admin,
        'the login typed was not kept after a refused sign-in',
      );
      await visitor.desktop.capture('sign-in-refused');
    });
    await step(`the admin ${admin} signs in and sees the home page`, async () => {
      await visitor.signIn(admin, password);
      await visitor.visit('home', '/');
      await main(visitor.desktop).locator('h1').waitFor();
    });
    await step('signing out ends the session', async () => {
      const window = visitor.desktop;
      await window.follow(window.page.getByRole('button', { name: 'Sign out' }), { what: 'signing out' });
      ensure(window.path.startsWith('/sign-in'), `after signing out the page is ${window.path}, want /sign-in`);
      await window.goto('/');
      ensure(window.path.startsWith('/sign-in'), `after signing out / showed ${window.path}, want /sign-in`);
    });
    await step('signing in again goes back to the start page', async () => {
      await visitor.signIn(admin, password);
      ensure(visitor.desktop.path === '/', `after signing in the page is ${visitor.desktop.path}, want /`);
    });
    cast.admin = visitor;
  });

  await runner.journey('deep-link', {}, async (step) => {
    const window = await site.openWindow('desktop', { label: 'deep-link' });
    await step('a page opened without a session asks to sign in first', async () => {
      await window.goto('/org');
      ensure(window.path.startsWith('/sign-in?next='), `/org without a session showed ${window.path}`);
    });
    await step('after signing in it goes back to that page', async () => {
      await window.signIn(admin, password);
      ensure(window.path === '/org', `after signing in the page is ${window.path}, want /org`);
    });
    await window.context.close();
  });

  await runner.journey('not-found', { needs: ['sign-in'] }, async (step) => {
    const admin = cast.admin;
    await step('an unknown team is a friendly 404 page', async () => {
      await admin.visit('not-found', '/teams/nope', { status: 404 });
      await expectText(admin.desktop, 'main', /team nope not found/i);
      await main(admin.desktop).locator('a[href="/"]').first().waitFor();
    });
    for (const [route, entity] of [
      ['/roles/nope', 'role'],
      ['/people/nope', 'person'],
      ['/domains/nope', 'domain'],
      ['/decisions/nope', 'decision'],
    ]) {
      await step(`an unknown ${entity} (${route}) is a 404 page`, async () => {
        await admin.desktop.goto(route, { status: 404 });
        await expectText(admin.desktop, 'main', new RegExp(`${entity} nope not found`, 'i'));
      });
    }
    await step('a path no page serves is a 404 page', async () => {
      await admin.desktop.goto('/no-such-page', { status: 404 });
      await expectText(admin.desktop, 'main', /not found/i);
    });
  });

  await runner.journey('cast', { needs: ['sign-in'] }, async (step) => {
    await step('find a domain whose decisions need advice, and who proposes, advises and decides', async () => {
      cast.scenario = await findScenario(cast.admin.desktop.context.request, admin);
      const s = cast.scenario;
      console.log(
        `    domain ${s.domain.id} "${s.domain.name}" (text "${s.text}"): proposer ${s.proposer.id}, ` +
          `advisor ${s.advisor.id}, decider ${s.decider.id}`,
      );
    });
    await step(`the proposer signs in (desktop and phone)`, async () => {
      cast.proposer = await site.openPerson('proposer');
      await cast.proposer.signIn(cast.scenario.proposer.id, password);
    });
  });

  await runner.journey('org-map', { needs: ['cast'] }, async (step) => {
    const me = cast.proposer;
    const window = me.desktop;
    await step('the org map (/org) shows teams and roles as links', async () => {
      await me.visit('org-map', '/org');
      await main(window).locator('svg').first().waitFor();
      ensure((await main(window).locator('svg a[href^="/teams/"]').count()) > 0, 'no link to /teams/… in the map svg');
      ensure((await main(window).locator('svg a[href^="/roles/"]').count()) > 0, 'no link to /roles/… in the map svg');
    });
    await step('a team in the map zooms the map to it (/org?root=…)', async () => {
      await window.follow(main(window).locator('a[href^="/org?root="]').first(), { what: 'the zoom link' });
      ensure(window.path.includes('root='), `zooming showed ${window.path}`);
      await main(window).locator('svg').first().waitFor();
      await me.captureBoth('org-map-zoomed');
    });
    await step('the tree view (tab) nests teams with their roles', async () => {
      await window.goto('/org');
      await window.follow(main(window).locator('a[href*="view=tree"]').first(), { what: 'the tree tab' });
      await main(window).locator('ul a[href^="/teams/"]').first().waitFor();
      await me.captureBoth('org-tree');
    });
    await step('the list view (tab) is a table of teams and roles', async () => {
      await window.follow(main(window).locator('a[href*="view=list"]').first(), { what: 'the list tab' });
      await main(window).locator('table a[href^="/teams/"]').first().waitFor();
      await me.captureBoth('org-list');
    });
    await step('a team link (of a team with roles) opens the team page', async () => {
      const link = main(window).locator('table tr:has(a[href^="/roles/"]) a[href^="/teams/"]').first();
      const [href, name] = [await link.getAttribute('href'), (await link.innerText()).trim()];
      await window.follow(link, { what: `the link to ${href}` });
      ensure(window.path === href, `the link to ${href} led to ${window.path}`);
      await expectText(window, 'h1', name);
      await me.captureBoth('team');
    });
    await step('a role of the team opens the role page', async () => {
      await window.follow(main(window).locator('a[href^="/roles/"]').first(), { what: 'the role link' });
      ensure(window.path.startsWith('/roles/'), `the role link led to ${window.path}`);
      await me.captureBoth('role');
    });
    await step('a person of the role opens the person page', async () => {
      await window.follow(main(window).locator('a[href^="/people/"]').first(), { what: 'the person link' });
      ensure(window.path.startsWith('/people/'), `the person link led to ${window.path}`);
      await me.captureBoth('person');
    });
  });

  await runner.journey('domain', { needs: ['cast'] }, async (step) => {
    const me = cast.proposer;
    await step(`the domain page (/domains/${cast.scenario.domain.id}) names the domain`, async () => {
      await me.visit('domain', `/domains/${cast.scenario.domain.id}`);
      await expectText(me.desktop, 'h1', cast.scenario.domain.name);
    });
  });

  await runner.journey('who-decides', { needs: ['cast'] }, async (step) => {
    const me = cast.proposer;
    const window = me.desktop;
    const page = window.page;
    const s = cast.scenario;
    const startForm = () =>
      main(window).locator(`form[action="/decisions"]:has(input[name="domain"][value="${s.domain.id}"])`);
    await step('the who-decides form (/who-decides) asks to describe the decision', async () => {
      await me.visit('who-decides', '/who-decides');
      await describeField(page).waitFor();
    });
    await step(`asking "${s.text}" answers with ${s.domain.id}, its decider and the explanation`, async () => {
      await describeField(page).fill(s.text);
      await window.follow(submitOf(main(window).locator('form:has(textarea[name="text"])')), { what: 'asking' });
      ensure(window.path.includes('text='), `asking showed ${window.path}, want /who-decides?text=…`);
      await expectText(window, 'main', s.decider.name);
      await expectText(window, 'main', s.advisor.name);
      await startForm().waitFor();
      await me.captureBoth('who-decides-answer');
    });
    await step('starting the decision (title, proposal) opens its page, naming advisor and decider', async () => {
      const form = startForm();
      const title = form.locator('[name="title"]');
      ensure((await title.inputValue()).trim() !== '', 'the title of "Start this decision" is not prefilled');
      s.title = `${s.text} (browser test ${process.pid})`;
      await title.fill(s.title);
      await form.locator('[name="proposal"]').fill('Proposed by the browser tests: try it for three months.');
      await window.follow(submitOf(form), { what: 'starting the decision' });
      const match = new URL(page.url()).pathname.match(/^\/decisions\/([^/]+)$/);
      ensure(match, `starting the decision led to ${window.path}, want /decisions/{id}`);
      cast.decision = decodeURIComponent(match[1]);
      await expectText(window, 'h1', s.title);
      await expectText(window, 'main', s.advisor.name);
      await expectText(window, 'main', s.decider.name);
      await me.captureBoth('decision');
    });
    await step('the decision is open, waiting on the advisor (API)', async () => {
      const view = await getJson(window.context.request, `/api/v1/decisions/${encodeURIComponent(cast.decision)}`);
      console.log(`    decision ${cast.decision}: ${view.status}; waiting on ${view.awaiting.join(', ')}`);
      const advisors = view.rights.advisors.map((a) => a.person.id);
      ensure(advisors.includes(s.advisor.id), `advisor ${s.advisor.id} is not among ${advisors.join(', ')}`);
    });
  });

  await runner.journey('advice', { needs: ['who-decides'] }, async (step) => {
    const advisor = await site.openPerson('advisor');
    const window = advisor.desktop;
    const s = cast.scenario;
    await step(`the advisor ${s.advisor.id} signs in`, () => advisor.signIn(s.advisor.id, password));
    await step('the decision waits in their inbox (/decisions/inbox)', async () => {
      await advisor.visit('inbox', '/decisions/inbox');
      await main(window).locator(`a[href="/decisions/${cast.decision}"]`).first().waitFor();
    });
    await step('they open it and give advice (action=advise, text)', async () => {
      await window.follow(main(window).locator(`a[href="/decisions/${cast.decision}"]`).first());
      const form = stepForm(window, 'advise');
      s.advice = 'Advice from the browser tests: ask the teams first.';
      await form.locator('[name="text"]').fill(s.advice);
      await window.follow(submitOf(form, 'advise'), { what: 'giving advice' });
      ensure(window.path === `/decisions/${cast.decision}`, `after advising the page is ${window.path}`);
      await expectText(window, 'main', s.advice);
      await advisor.captureBoth('decision-advised');
    });
    await step('every other advisor it waits on gives advice too (desktop)', async () => {
      const view = await getJson(window.context.request, `/api/v1/decisions/${encodeURIComponent(cast.decision)}`);
      const others = view.awaiting.filter((id) => id !== s.decider.id && id !== s.advisor.id);
      for (const id of others) {
        const other = await site.openWindow('desktop', { label: `advisor-${id}` });
        await other.signIn(id, password);
        await other.goto(`/decisions/${cast.decision}`);
        const form = stepForm(other, 'advise');
        await form.locator('[name="text"]').fill(`Advice from ${id}: fine by me.`);
        await other.follow(submitOf(form, 'advise'), { what: `advice from ${id}` });
        await other.context.close();
      }
      console.log(`    advice also from: ${others.join(', ') || 'nobody else'}`);
    });
  });

  await runner.journey('decide', { needs: ['advice'] }, async (step) => {
    const decider = await site.openPerson('decider');
    const window = decider.desktop;
    const s = cast.scenario;
    await step(`the decider ${s.decider.id} signs in`, () => decider.signIn(s.decider.id, password));
    await step('the decision waits in their inbox', async () => {
      await window.goto('/decisions/inbox');
      await main(window).locator(`a[href="/decisions/${cast.decision}"]`).first().waitFor();
    });
    await step('they decide (action=decide, rationale)', async () => {
      await window.follow(main(window).locator(`a[href="/decisions/${cast.decision}"]`).first());
      const form = stepForm(window, 'decide');
      s.rationale = 'Decided in the browser tests, after the advice.';
      await form.locator('[name="rationale"]').fill(s.rationale);
      await window.follow(submitOf(form, 'decide'), { what: 'deciding' });
      ensure(window.path === `/decisions/${cast.decision}`, `after deciding the page is ${window.path}`);
      await expectText(window, 'main', s.rationale);
      await decider.captureBoth('decision-decided');
    });
    await step('the decision is decided (API)', async () => {
      const view = await getJson(window.context.request, `/api/v1/decisions/${encodeURIComponent(cast.decision)}`);
      ensure(view.status === 'decided', `the decision is ${view.status}, want decided`);
    });
  });

  await runner.journey('decisions-list', { needs: ['decide'] }, async (step) => {
    const me = cast.proposer;
    await step('the decisions list finds the decision (/decisions?q=…)', async () => {
      await me.visit('decisions', `/decisions?q=${encodeURIComponent(cast.scenario.title)}`);
      await main(me.desktop).locator(`a[href="/decisions/${cast.decision}"]`).first().waitFor();
    });
  });

  await runner.journey('history', { needs: ['decide'] }, async (step) => {
    const me = cast.proposer;
    await step('the history (/history) shows the decision, newest first', async () => {
      await me.visit('history', '/history');
      await main(me.desktop).locator(`a[href="/decisions/${cast.decision}"]`).first().waitFor();
    });
  });

  await runner.journey('analytics', { needs: ['cast'] }, async (step) => {
    const me = cast.proposer;
    const window = me.desktop;
    await step('the analytics (/analytics) shows headline figures and charts', async () => {
      await me.visit('analytics', '/analytics');
      const charts = await main(window).locator('svg').count();
      ensure(charts >= 2, `the analytics page has ${charts} svg charts, want the Lorenz curve, N_eff and the network`);
    });
    await step(`the what-if form (leave=${cast.scenario.decider.id}) shows what would be orphaned`, async () => {
      const form = main(window).locator('form:has([name="leave"])');
      await form.locator('[name="leave"]').fill(cast.scenario.decider.id);
      await window.follow(submitOf(form), { what: 'the what-if form' });
      ensure(window.path.startsWith('/analytics/what-if?'), `the what-if form led to ${window.path}`);
      ensure(window.path.includes(cast.scenario.decider.id), `the what-if page ${window.path} lost the person`);
      await me.captureBoth('what-if');
    });
  });

  await runner.journey('api-token', { needs: ['cast'] }, async (step) => {
    const me = cast.proposer;
    const window = me.desktop;
    const id = cast.scenario.proposer.id;
    const api = (secret) =>
      fetch(`${base}/api/v1/people/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${secret}` } });
    let secret = '';
    await step(`their own person page (/people/${id}) creates an API token, shown once`, async () => {
      await window.goto(`/people/${id}`);
      const form = main(window).locator(`form[action="/people/${id}/tokens"]`);
      await form.locator('[name="name"]').fill('browser test');
      await form.locator('[name="scope"]').selectOption('read');
      await form.locator('[name="expires_days"]').fill('30');
      await window.follow(submitOf(form), { status: [200, 201], what: 'creating a token' });
      secret = (await window.page.locator('#new-token').innerText()).trim();
      ensure(secret.length >= 20, `#new-token shows "${secret}", want the new secret`);
      await me.captureBoth('person-tokens', { at: `/people/${id}` });
    });
    await step('the token reads the API', async () => {
      const response = await api(secret);
      ensure(response.status === 200, `GET /api/v1/people/${id} with the token answered ${response.status}`);
    });
    await step('revoking it stops it', async () => {
      await window.goto(`/people/${id}`);
      const revoke = main(window).locator(`form[action^="/people/${id}/tokens/"][action$="/revoke"]`).first();
      await window.follow(submitOf(revoke), { what: 'revoking the token' });
      const response = await api(secret);
      ensure(response.status === 401, `GET /api/v1/people/${id} with a revoked token answered ${response.status}`);
    });
    await step("someone else's person page shows no token form to a member", async () => {
      const other = cast.scenario.decider.id;
      await window.goto(`/people/${other}`);
      const forms = await main(window).locator(`form[action="/people/${other}/tokens"]`).count();
      ensure(forms === 0, `member ${id} sees the token form of ${other}`);
    });
  });

  await runner.journey('bad-input', { needs: ['cast'] }, async (step) => {
    const me = cast.proposer;
    const window = me.desktop;
    const page = window.page;
    const text = 'Buy a second-hand minibus <for> the "day trips"';
    await step('a negative amount on /who-decides is an error next to the field, keeping what was typed', async () => {
      await window.goto('/who-decides');
      await describeField(page).fill(text);
      await main(window).locator('[name="amount"]').fill('-5');
      await window.follow(submitOf(main(window).locator('form:has(textarea[name="text"])')), {
        status: [422, 200],
        what: 'asking with a negative amount',
      });
      const amount = main(window).locator('[name="amount"]');
      ensure((await amount.getAttribute('aria-invalid')) === 'true', 'the amount field is not marked aria-invalid="true"');
      const ids = ((await amount.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
      const errors = ids.map((id) => page.locator(`[id="${id}"]:is(.field-error, .error, [role="alert"])`));
      const shown = [];
      for (const error of errors) if ((await error.count()) > 0) shown.push((await error.innerText()).trim());
      ensure(
        shown.some((message) => message !== ''),
        `the amount field's aria-describedby (${ids.join(' ') || 'none'}) names no .field-error with a message`,
      );
      console.log(`    the error says: ${shown.join(' / ')}`);
      ensure((await describeField(page).inputValue()) === text, 'the text typed was not kept');
      ensure((await amount.inputValue()) === '-5', 'the amount typed was not kept');
      await me.captureBoth('who-decides-error', { status: [422, 200] });
    });
  });

  await runner.journey('no-javascript', { needs: ['cast'] }, async (step) => {
    const window = await site.openWindow('desktop', { javaScriptEnabled: false, label: 'no-js' });
    const who = cast.scenario.proposer.id;
    await step('signing in works without JavaScript', async () => {
      await window.signIn(who, password);
      await window.goto('/');
      await window.capture('home-no-js');
    });
    await step('a form (sign out) works without JavaScript', async () => {
      await window.follow(window.page.getByRole('button', { name: 'Sign out' }), { what: 'signing out' });
      ensure(window.path.startsWith('/sign-in'), `after signing out the page is ${window.path}`);
      await window.signIn(who, password);
    });
    await step('asking who decides works without JavaScript', async () => {
      await window.goto('/who-decides');
      await describeField(window.page).fill(cast.scenario.text);
      await window.follow(submitOf(main(window).locator('form:has(textarea[name="text"])')), { what: 'asking' });
      await expectText(window, 'main', cast.scenario.decider.name);
    });
  });

  await runner.journey('erase', { needs: ['cast'] }, async (step) => {
    const me = cast.admin;
    const window = me.desktop;
    const s = cast.scenario;
    let person = null;
    await step('an admin opens the page of someone outside the cast, which offers to erase them', async () => {
      const people = await getJson(window.context.request, '/api/v1/people?limit=50');
      const taken = new Set([admin, s.proposer.id, s.advisor.id, s.decider.id]);
      person = people.items.find((p) => !taken.has(p.id));
      ensure(person, 'no one outside the cast to erase among the first 50 people');
      await me.visit('person-erase', `/people/${person.id}`);
      await main(window).locator(`form[action="/people/${person.id}/erase"]`).waitFor();
    });
    const form = () => main(window).locator(`form[action="/people/${person.id}/erase"]`);
    await step('a wrong confirmation is an error next to the field, and nothing is erased', async () => {
      await form().locator('[name="confirm"]').fill('not the id');
      await window.follow(submitOf(form()), { status: 422, what: 'erasing without confirming' });
      const field = form().locator('[name="confirm"]');
      ensure((await field.getAttribute('aria-invalid')) === 'true', 'the confirmation is not marked aria-invalid');
      await expectText(window, '#erase-error', `Type ${person.id} exactly`);
      await me.captureBoth('person-erase-error', { at: `/people/${person.id}` });
    });
    await step('typing the id erases them; their page is now the pseudonym\'s', async () => {
      await form().locator('[name="confirm"]').fill(person.id);
      await window.follow(submitOf(form()), { what: 'erasing' });
      ensure(window.path.startsWith('/people/erased-'), `after erasing the page is ${window.path}`);
      await expectText(window, 'h1', 'Erased person');
      await me.captureBoth('person-erased');
      const gone = await window.context.request.get(`/api/v1/people/${encodeURIComponent(person.id)}`);
      ensure(gone.status() === 404, `GET /api/v1/people/${person.id} after erasing answered ${gone.status()}`);
    });
  });
} finally {
  await site.close();
  await browser.close();
}

tally.report();
if (site.problems.length > 0) {
  console.log('\npage problems:');
  for (const problem of site.problems) console.log(`  ✗ ${problem}`);
}
console.log(
  `\nscreenshots: ${site.screenshots.size} (pages × widths) in ${path.relative(process.cwd(), screenshotDir) || '.'}` +
    `; axe on ${tally.pagesChecked} pages: ${tally.summary()}; page problems: ${site.problems.length}`,
);
for (const result of runner.results.filter((r) => !r.passed)) {
  const where = result.skipped ? `skipped (${result.failure})` : `failed at "${result.failure.step}"`;
  console.log(`  ✗ journey ${result.name}: ${where}`);
}
const ok = runner.failed === 0 && tally.failures.length === 0 && site.problems.length === 0;
console.log(`journeys: ${runner.passed} passed, ${runner.failed} failed`);
process.exit(ok ? 0 : 1);

/** The form on the decision page that takes step `action` (hidden field or button value). */
function stepForm(window, action) {
  return main(window).locator(`form[action$="/steps"]:has([name="action"][value="${action}"])`);
}

/** The submit button of `form`; for a step form, the one for `action` when buttons carry it. */
function submitOf(form, action) {
  const buttons = form.locator('button:not([type="button"]):not([type="reset"]), input[type="submit"]');
  if (!action) return buttons.last();
  const named = form.locator(`button[name="action"][value="${action}"]`);
  return named.or(buttons.last()).first();
}

/** The decision text field of the who-decides form (the form itself carries the same name). */
function describeField(page) {
  return page.getByRole('textbox', { name: 'Describe the decision' });
}

async function expectText(window, selector, expected) {
  const locator = window.page.locator(selector).first();
  await locator.waitFor();
  const text = await locator.innerText();
  const found = expected instanceof RegExp ? expected.test(text) : text.includes(expected);
  ensure(found, `${selector} of ${window.path} does not contain ${expected}; it says: ${text.slice(0, 300)}`);
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`error: ${name} is not set (e2e/run.sh sets it)`);
    process.exit(2);
  }
  return value;
}
