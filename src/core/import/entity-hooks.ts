/**
 * Entity-specific checks that plain reference resolution does not cover.
 */
import type { EntityHooks, RowIssue } from './apply-entity.js';
import type { Kind } from './files.js';
import { salespeopleHooks } from './salespeople.js';
import { TIMEZONE_HINT } from '../time/timezone.js';

function q(s: string): string {
  return `"${s}"`;
}

/** `fuso` must also be a timezone the database knows (its tz data may differ from Node's). */
const storesHooks: EntityHooks = {
  async validate(ctx, resolved) {
    const zones = await ctx.s.query<{ timezone: string }>(
      `SELECT DISTINCT timezone FROM ${resolved}`,
    );
    const names = zones.map((z) => z.timezone);
    const known = await ctx.s.query<{ name: string }>(
      'SELECT name FROM pg_timezone_names WHERE name = ANY($1::text[])',
      [names],
    );
    const knownSet = new Set(known.map((k) => k.name));
    const unknown = names.filter((n) => !knownSet.has(n));
    if (unknown.length === 0) return [];
    const rows = await ctx.s.query<{ line: number; key: string; timezone: string }>(
      `SELECT line, key, timezone FROM ${resolved} WHERE timezone = ANY($1::text[])`,
      [unknown],
    );
    return rows.map<RowIssue>((r) => ({
      line: r.line,
      key: r.key,
      reason: `fuso ${q(r.timezone)} desconhecido pelo banco de dados (${TIMEZONE_HINT})`,
    }));
  },
};

/** A room's contract must be a contract of the room's project. */
const environmentsHooks: EntityHooks = {
  async validate(ctx, resolved) {
    const rows = await ctx.s.query<{
      line: number;
      key: string;
      contract_code: string;
      owner: string;
      project_code: string;
    }>(
      `SELECT r.line, r.key, r.contract_code, p.code AS owner, r.project_code
         FROM ${resolved} r JOIN projects p ON p.id = r.contract_project_id
        WHERE r.contract_project_id <> r.project_id`,
    );
    return rows.map<RowIssue>((r) => ({
      line: r.line,
      key: r.key,
      reason: `contrato ${q(r.contract_code)} é do projeto ${q(r.owner)}, não do projeto ${q(r.project_code)} do ambiente`,
    }));
  },
};

export const HOOKS: Partial<Record<Kind, EntityHooks>> = {
  stores: storesHooks,
  salespeople: salespeopleHooks,
  environments: environmentsHooks,
};
