/**
 * The Slack app manifest agrees with the bot: the command, the endpoints, the event, and a
 * reason written beside every scope. (Read as text: the repo has no YAML parser, and the
 * manifest is simple enough.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../slack-manifest.yml', import.meta.url), 'utf8');
const lines = text.split('\n');

function scopes(): { scope: string; why: string }[] {
  const start = lines.findIndex((l) => l.trim() === 'bot:');
  const out: { scope: string; why: string }[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^\s+- ([a-z:._]+)\s*$/.exec(lines[i]!);
    if (m) out.push({ scope: m[1]!, why: lines[i - 1]!.trim() });
    else if (!/^\s+#/.test(lines[i]!)) break;
  }
  return out;
}

describe('slack-manifest.yml', () => {
  it('declares /carteira, interactivity and events on /slack/events', () => {
    expect(text).toContain('- command: /carteira');
    expect(text).toMatch(/usage_hint: ['"].*ver .*['"]/);
    expect(text).toContain('should_escape: true');
    expect(text.match(/url: https:\/\/SEU-DOMINIO\/slack\/events$/gm)).toHaveLength(4);
    expect(text).toMatch(/interactivity:\n\s+is_enabled: true/);
    // The "Detalhes" external_select asks for its options there (block_suggestion).
    expect(text).toMatch(/message_menu_options_url: https:\/\/SEU-DOMINIO\/slack\/events$/m);
    expect(text).toMatch(/bot_events:\n(\s+#.*\n)*\s+- app_home_opened/);
    expect(text).toContain('home_tab_enabled: true');
    expect(text).toContain('messages_tab_enabled: true');
    expect(text).toContain('socket_mode_enabled: false');
    expect(text).toContain('name: Carteira');
  });

  it('asks for exactly the scopes the bot uses, each with a comment saying why', () => {
    const list = scopes();
    expect(list.map((s) => s.scope).sort()).toEqual(
      [
        'channels:history',
        'channels:join',
        'channels:read',
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'groups:read',
        'im:history',
        'im:write',
        'mpim:read',
        'users:read',
        'users:read.email',
      ].sort(),
    );
    for (const s of list) expect(s.why, s.scope).toMatch(/^# \S.{10,}/);
  });
});
