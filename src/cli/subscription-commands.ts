import type { Command } from './commands.js';

/** Operator commands for subscriptions and deliveries (filled in with the worker). */
export const SUBSCRIPTION_COMMANDS: Record<string, Command> = {};
