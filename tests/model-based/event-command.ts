import type fc from 'fast-check';
import { expect } from 'vitest';
import type { Actor } from 'xstate';
import type { CountryMachine } from '../../machines/country.ts';
import type { CountryEvent } from '../../machines/country-types.ts';
import { explainEvent, getPhase, getStage, toCountryState } from '../../src/country/index.ts';
import { checkStep } from '../../src/invariants/index.ts';
import { addMonths } from '../../src/domain/index.ts';
import { modelLead, stepModel, type Model } from './model.ts';

export interface Real {
  actor: Actor<CountryMachine>;
  index: number;
}

/**
 * Sends one event (well formed or not, timely or not) to the real country and to the model, and
 * checks that they agree and that no invariant breaks.
 */
export class EventCommand implements fc.Command<Model, Real> {
  event: Record<string, unknown>;

  /**
   * `month` is a number of months after the country's current month (negative: back in time),
   * or a literal value to send as it is (a malformed month).
   */
  constructor(
    readonly template: Record<string, unknown>,
    readonly month: number | { literal: unknown },
  ) {
    this.event = { ...template, month: typeof month === 'number' ? month : month.literal };
  }

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    const before = real.actor.getSnapshot();
    const current = before.context.month ?? '2010-01';
    this.event = {
      ...this.template,
      month: typeof this.month === 'number' ? addMonths(current, this.month) : this.month.literal,
    };
    // A plan template that covers the presence's tasks, as the model knows them, with one receiver.
    const cover = this.template.cover;
    if (typeof cover === 'string') {
      const held = model.tasks.get(String(this.template.presence)) ?? new Set<string>();
      const rest = Object.fromEntries(Object.entries(this.event).filter(([k]) => k !== 'cover'));
      this.event = { ...rest, handover: Object.fromEntries([...held].map((t) => [t, cover])) };
    }
    const expected = stepModel(model, this.event);
    const verdict = explainEvent(before, this.event);
    real.actor.send(this.event as CountryEvent);
    const after = real.actor.getSnapshot();
    const accepted = after !== before;
    expect(accepted, `accepted ${this.toString()}`).toBe(expected);
    expect(verdict.accepted, 'explainEvent agrees with the machine').toBe(accepted);
    if (!verdict.accepted) expect(verdict.reason.length).toBeGreaterThan(0);
    const step = {
      index: real.index++,
      before: toCountryState(before),
      event: this.event as CountryEvent,
      after: toCountryState(after),
      accepted,
    };
    expect(checkStep(step)).toEqual([]);
    expect(getPhase(after.value)).toBe(model.phase);
    expect(getStage(after.value)).toBe(model.stage);
    expect(after.context.lead).toBe(modelLead(model));
    expect(after.context.presences.map((p) => p.name).sort()).toEqual(
      [...model.presences.keys()].sort(),
    );
    expect([...after.context.outgoing].sort()).toEqual([...model.outgoing].sort());
    expect(after.context.handovers.length).toBe(model.handovers);
    expect(after.context.caseFile.length).toBeGreaterThanOrEqual(model.accepted + 1);
    for (const p of after.context.presences) {
      expect([...(p.tasks ?? [])].sort(), `tasks of ${p.name}`).toEqual(
        [...(model.tasks.get(p.name) ?? [])].sort(),
      );
    }
    expect(after.context.pendingTasks.map((t) => `${t.presence}/${t.task}`).sort()).toEqual(
      [...model.pending].sort(),
    );
    expect(after.context.plans.length).toBe(model.plansAdopted);
    expect(after.context.taskHandovers.length).toBe(model.tasksHanded);
    expect(after.context.orphanedTasks.length).toBe(model.tasksOrphaned);
    expect(after.status).toBe('active');
  }

  toString(): string {
    return JSON.stringify(this.event);
  }
}
