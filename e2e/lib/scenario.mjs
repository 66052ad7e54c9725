// Who plays which part in the decision journeys, found in the demo organisation through the
// JSON API (with a signed-in browser context's cookies): a domain whose words route to it
// first, decided by one person with the advice process and at least one required advisor,
// and a proposer who is neither (nor the admin).

import { ensure } from './runner.mjs';

export async function getJson(request, target) {
  const response = await request.get(target);
  ensure(response.ok(), `GET ${target} answered ${response.status()}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

async function postJson(request, target, data) {
  const response = await request.post(target, { data });
  ensure(response.ok(), `POST ${target} answered ${response.status()}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** Every item of a paged API list. */
async function all(request, target) {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = await getJson(request, `${target}?limit=500&offset=${offset}`);
    items.push(...page.items);
    if (page.items.length < 500) return items;
  }
}

/**
 * `{ domain, text, proposer, advisor, decider, team }`: people as `{id, name}`, `team` the
 * proposer's team `{id, name}`.
 */
export async function findScenario(request, admin) {
  const domains = await all(request, '/api/v1/domains');
  const people = (await all(request, '/api/v1/people')).filter((p) => !p.left_on);
  const teams = new Map((await all(request, '/api/v1/teams')).map((t) => [t.id, t]));
  const tried = [];
  for (const domain of domains) {
    if (!domain.rules.some((rule) => rule.process === 'advice') || domain.keywords.length === 0) continue;
    const text = domain.keywords.slice(0, 3).join(' ');
    const routed = await postJson(request, '/api/v1/route', { text });
    tried.push(domain.id);
    if (routed.length === 0 || routed[0].domain !== domain.id) continue;
    const answer = routed[0].answer;
    if (answer.process !== 'advice' || answer.deciders.length !== 1) continue;
    const decider = answer.deciders[0].person;
    const advisor = answer.advisors.map((a) => a.person).find((p) => p.id !== decider.id && p.id !== admin);
    if (!advisor) continue;
    const proposer = people.find(
      (p) => ![decider.id, advisor.id, admin].includes(p.id) && p.team_id && teams.has(p.team_id),
    );
    if (!proposer) continue;
    const team = teams.get(proposer.team_id);
    return {
      domain: { id: domain.id, name: domain.name },
      text,
      proposer: { id: proposer.id, name: proposer.name },
      advisor,
      decider,
      team: { id: team.id, name: team.name },
    };
  }
  ensure(
    false,
    `no domain routes to itself with the advice process, one decider and an advisor other than the admin ` +
      `(tried ${tried.join(', ') || 'none'})`,
  );
  return null;
}
