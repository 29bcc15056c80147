/**
 * Every payload in the suite must pass the faithful fake Slack: after each test, no live fake
 * may hold a payload Slack would have refused (block rules, scopes, response_url checks,
 * view_submission error keys). A test that sends a bad payload on purpose says so with
 * `fake.forgiveRefusals()` once it has checked the refusal.
 */
import { afterEach, expect } from 'vitest';
import { LIVE_FAKES } from '../fake-slack/server.js';

afterEach(() => {
  const refused = [...LIVE_FAKES].flatMap((fake) => {
    const list = fake.refused();
    fake.forgiveRefusals();
    return list;
  });
  expect(refused, 'payloads the fake Slack refused (see test/fake-slack/rules.ts)').toEqual([]);
});
