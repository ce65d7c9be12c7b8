/**
 * One invented country's trajectory: the sampler draws the time to the next event from the
 * model's monthly hazards and scheduled dates (next-event sampling: quiet months are skipped),
 * sends the event to one country actor, and checks every continuity-of-care invariant on the step.
 */
import { createActor, type Actor } from 'xstate';
import { countryMachine, type CountryMachine } from '../../../machines/country.ts';
import type {
  CountryEvent,
  ExitCause,
  Phase,
  PresenceInput,
} from '../../../machines/country-types.ts';
import {
  fromMonthIndex,
  toMonthIndex,
  type LeadDepartment,
  type Doctrine,
  type Month,
  type PresenceKind,
  type Region,
  type Service,
} from '../../domain/index.ts';
import { explainEvent } from '../../country/explain.ts';
import { getPhase, getStage, toCountryState, type CountryState } from '../../country/state.ts';
import { INVARIANTS, checkState, checkStep, type Invariant } from '../../invariants/index.ts';
import type { Model } from './model.ts';
import {
  chance,
  countryStream,
  geometric,
  pickWeighted,
  uniformInt,
  type Random,
} from './sample.ts';

/** What a run is: the same parameters always give the same results. */
export interface SimulationParams {
  countries: number;
  years: number;
  seed: number;
  doctrine: Doctrine;
  model: Model;
}

/** An event the machine refused (a well-built sampler sends none). */
export interface RefusedRecord {
  step: number;
  month: Month;
  event: CountryEvent['type'];
  reason: string;
}

/** An invariant broken at a step (-1: the initial state). */
export interface ViolationRecord {
  step: number;
  month: Month | null;
  invariant: string;
  message: string;
  event: CountryEvent['type'] | null;
}

/** One line of countries.jsonl: everything the summary needs about one country. */
export interface CountryRecord {
  index: number;
  country: string;
  region: Region;
  team: string;
  /** Consecutive spells of one phase at month ends: [phase, first month, last month]. */
  periods: [Phase, Month, Month][];
  /** The machine's handovers: [month, from, to]. */
  handovers: [Month, LeadDepartment, LeadDepartment][];
  /** Changes of top-level phase, by `from->to`, from the machine's steps. */
  transitions: Record<string, number>;
  relapses: number;
  forcedExits: Partial<Record<ExitCause, number>>;
  services: Partial<Record<Service, number>>;
  steps: number;
  refused: RefusedRecord[];
  violations: ViolationRecord[];
}

export interface TrajectoryOptions {
  /** A variant of the country machine (tests plant bugs with `machine.provide()`). */
  machine?: CountryMachine;
  invariants?: readonly Invariant[];
}

type Action =
  | 'crisis'
  | 'standDown'
  | 'deploySpm'
  | 'deployPko'
  | 'escalate'
  | 'forcedExit'
  | 'relapse'
  | 'service';

/** The display name of country `index`. */
export function countryName(index: number): string {
  return `Country ${String(index + 1).padStart(6, '0')}`;
}

class CountrySimulation {
  private readonly actor: Actor<CountryMachine>;
  private snapshot;
  private state: CountryState;
  private readonly random: Random;
  private readonly model: Model;
  private readonly start: number;
  private readonly end: number;
  private readonly invariants: readonly Invariant[];
  private t = 0;
  private step = 0;
  private counter = 0;
  private review: number | null = null;
  private begin: number | null = null;
  private drawdown: number | null = null;
  private withdraw: number | null = null;
  private forced = false;
  private exitKind: 'pko' | 'spm' = 'spm';
  private phase: Phase;
  private periodFrom = 0;
  readonly record: CountryRecord;

  constructor(params: SimulationParams, index: number, options: TrajectoryOptions) {
    this.model = params.model;
    this.random = countryStream(params.seed, index);
    this.start = toMonthIndex(params.model.start);
    this.end = params.years * 12;
    this.invariants = options.invariants ?? INVARIANTS;
    const region = pickWeighted(this.random, this.model.regions);
    const setting = pickWeighted(this.random, this.model.initial);
    const country = countryName(index);
    const presences: PresenceInput[] = [];
    if (setting === 'peacekeeping') presences.push({ name: this.nextName('pko'), kind: 'pko' });
    if (setting === 'specialPoliticalMission') {
      const kind = pickWeighted(this.random, this.model.spm.kinds);
      presences.push({ name: this.nextName(kind), kind });
    }
    if (presences.length > 0) {
      const months =
        setting === 'peacekeeping' ? this.model.pko.mandateMonths : this.model.spm.mandateMonths;
      this.review = uniformInt(this.random, 1, months);
    }
    this.actor = createActor(options.machine ?? countryMachine, {
      input: { country, region, doctrine: params.doctrine, month: this.month(), presences },
    });
    this.actor.start();
    this.snapshot = this.actor.getSnapshot();
    this.state = toCountryState(this.snapshot);
    this.phase = getPhase(this.state.value);
    this.record = {
      index,
      country,
      region,
      team: this.state.context.team.id,
      periods: [],
      handovers: [],
      transitions: {},
      relapses: 0,
      forcedExits: {},
      services: {},
      steps: 0,
      refused: [],
      violations: [],
    };
    for (const v of checkState(this.state, this.invariants)) {
      this.record.violations.push({
        step: -1,
        month: this.state.context.month,
        invariant: v.id,
        message: v.message,
        event: null,
      });
    }
  }

  run(): CountryState {
    for (;;) {
      const hazards = this.hazards();
      let stay = 1;
      let sum = 0;
      for (const [p] of hazards) {
        stay *= 1 - p;
        sum += p;
      }
      const atHazard = this.t + geometric(this.random, 1 - stay);
      const atSchedule = this.nextScheduled();
      const next = Math.min(atHazard, atSchedule);
      if (next >= this.end) break;
      this.t = next;
      if (atSchedule <= atHazard) this.runScheduled();
      else {
        let u = this.random() * sum;
        let chosen = hazards[hazards.length - 1]?.[1] as Action;
        for (const [p, action] of hazards) {
          u -= p;
          if (u < 0) {
            chosen = action;
            break;
          }
        }
        this.runHazard(chosen);
      }
      this.markPhase();
    }
    this.record.periods.push([
      this.phase,
      this.monthAt(this.periodFrom),
      this.monthAt(this.end - 1),
    ]);
    this.actor.stop();
    const context = this.state.context;
    this.record.handovers = context.handovers.map((h) => [h.month ?? '', h.from, h.to]);
    this.record.steps = this.step;
    return this.state;
  }

  private monthAt(t: number): Month {
    return fromMonthIndex(this.start + t);
  }

  private month(): Month {
    return this.monthAt(this.t);
  }

  private nextName(kind: PresenceKind): string {
    this.counter++;
    return `${kind === 'pko' ? 'PKO' : 'SPM'}-${this.counter}`;
  }

  private principal(): { name: string; kind: 'pko' | 'spm' } {
    const presences = this.state.context.presences;
    const pko = presences.find((p) => p.kind === 'pko');
    const chosen = pko ?? presences.find((p) => p.kind !== 'spm-regional-office');
    return { name: chosen?.name ?? '', kind: pko ? 'pko' : 'spm' };
  }

  private hazards(): [number, Action][] {
    const m = this.model;
    const list: [number, Action][] = [];
    const phase = getPhase(this.state.value);
    const stage = getStage(this.state.value);
    if (phase === 'nonMission') {
      if (stage === 'preventiveDiplomacy') {
        list.push([m.nonMission.standDownPerMonth, 'standDown']);
        list.push([m.nonMission.deploySpmPerMonth, 'deploySpm']);
        list.push([m.nonMission.deployPkoPerMonth, 'deployPko']);
      } else {
        list.push([m.nonMission.crisisPerMonth, 'crisis']);
        list.push([m.nonMission.directPkoPerMonth, 'deployPko']);
      }
    } else if (phase === 'specialPoliticalMission') {
      list.push([m.spm.forcedExitPerMonth, 'forcedExit']);
      if (stage !== 'finalMandate') list.push([m.spm.escalationToPkoPerMonth, 'escalate']);
    } else if (phase === 'peacekeeping') {
      list.push([m.pko.forcedExitPerMonth, 'forcedExit']);
    } else if (!this.forced) {
      list.push([m.transition.relapsePerMonth, 'relapse']);
      const kind = this.principal().kind;
      list.push([
        kind === 'pko' ? m.pko.forcedExitPerMonth : m.spm.forcedExitPerMonth,
        'forcedExit',
      ]);
    }
    list.push([m.services.perMonth[phase], 'service']);
    return list.filter(([p]) => p > 0);
  }

  private nextScheduled(): number {
    let next = Infinity;
    for (const at of [this.review, this.begin, this.drawdown, this.withdraw]) {
      if (at !== null && at < next) next = at;
    }
    return next;
  }

  private runScheduled(): void {
    const t = this.t;
    if (this.review === t) return this.decideMandate();
    if (this.begin === t) {
      this.begin = null;
      const principal = this.principal();
      this.exitKind = principal.kind;
      const others = this.missionNames().filter((n) => n !== principal.name);
      for (const name of [principal.name, ...others]) {
        this.send({ type: 'BEGIN_TRANSITION', month: this.month(), presence: name });
      }
      return;
    }
    if (this.drawdown === t) {
      this.drawdown = null;
      for (const name of [...this.state.context.outgoing]) {
        this.send({ type: 'DRAWDOWN', month: this.month(), presence: name });
      }
      return;
    }
    if (this.withdraw === t) this.completeExit();
  }

  private missionNames(): string[] {
    return this.state.context.presences
      .filter((p) => p.kind !== 'spm-regional-office')
      .map((p) => p.name);
  }

  private mandateMonths(kind: 'pko' | 'spm'): number {
    return kind === 'pko' ? this.model.pko.mandateMonths : this.model.spm.mandateMonths;
  }

  /** A mandate review: renew, or decide the final mandate and schedule the transition. */
  private decideMandate(): void {
    const principal = this.principal();
    const p =
      principal.kind === 'pko'
        ? this.model.pko.finalMandatePerReview
        : this.model.spm.finalMandatePerReview;
    const month = this.month();
    if (!chance(this.random, p)) {
      this.review = this.t + this.mandateMonths(principal.kind);
      this.send({ type: 'RENEW_MANDATE', month, presence: principal.name });
      return;
    }
    const tr = this.model.transition;
    const lead = uniformInt(this.random, tr.finalMandateMonths.min, tr.finalMandateMonths.max);
    this.review = null;
    this.begin = this.t + lead - Math.ceil(tr.planningShare * lead);
    this.drawdown = this.t + lead - Math.ceil(tr.drawdownShare * lead);
    this.withdraw = this.t + lead;
    this.send({ type: 'FINAL_MANDATE', month, presence: principal.name });
  }

  /** The last month of a transition: a follow-on SPM if any, withdrawals, then the handover. */
  private completeExit(): void {
    const share = this.forced
      ? this.model.forcedExit.successorSpmShare
      : this.model.transition.successorSpmShare[this.exitKind];
    const successor = chance(this.random, share);
    const month = this.month();
    this.withdraw = null;
    this.forced = false;
    if (successor) this.deploy(pickWeighted(this.random, this.model.spm.kinds));
    for (const name of [...this.state.context.outgoing]) {
      this.send({ type: 'WITHDRAW', month, presence: name });
    }
    this.send({ type: 'COMPLETE_HANDOVER', month });
  }

  private deploy(kind: PresenceKind): void {
    const name = this.nextName(kind);
    this.review = this.t + this.mandateMonths(kind === 'pko' ? 'pko' : 'spm');
    this.send({ type: 'DEPLOY', month: this.month(), presence: { name, kind } });
  }

  private runHazard(action: Action): void {
    const month = this.month();
    const m = this.model;
    switch (action) {
      case 'crisis':
        return this.send({ type: 'ENGAGE_PREVENTION', month });
      case 'standDown':
        return this.send({ type: 'STAND_DOWN', month });
      case 'deploySpm':
        return this.deploy(pickWeighted(this.random, m.spm.kinds));
      case 'deployPko':
      case 'escalate':
        return this.deploy('pko');
      case 'forcedExit': {
        const cause = pickWeighted(this.random, m.forcedExit.causes);
        this.exitKind = this.principal().kind;
        this.forced = true;
        this.review = this.begin = this.drawdown = null;
        this.withdraw =
          this.t +
          uniformInt(
            this.random,
            m.forcedExit.withdrawalMonths.min,
            m.forcedExit.withdrawalMonths.max,
          );
        return this.send({ type: 'FORCED_EXIT', month, cause });
      }
      case 'relapse':
        this.begin = this.drawdown = this.withdraw = null;
        this.review = this.t + this.mandateMonths(this.principal().kind);
        return this.send({
          type: 'RELAPSE',
          month,
          reason: 'the situation deteriorated during the transition',
        });
      case 'service':
        return this.send({
          type: 'REQUEST_SERVICE',
          month,
          service: pickWeighted(this.random, m.services.weights),
        });
    }
  }

  /** Sends one event to the actor, checks every invariant on the step, and counts what it did. */
  private send(event: CountryEvent): void {
    const before = this.state;
    this.actor.send(event);
    const next = this.actor.getSnapshot();
    const accepted = next !== this.snapshot;
    const index = this.step++;
    const record = this.record;
    if (!accepted) {
      const verdict = explainEvent(this.snapshot, event);
      record.refused.push({
        step: index,
        month: event.month,
        event: event.type,
        reason: verdict.accepted ? 'refused' : verdict.reason,
      });
    }
    const after = accepted ? toCountryState(next) : before;
    for (const v of checkStep({ index, before, event, after, accepted }, this.invariants)) {
      record.violations.push({
        step: index,
        month: event.month,
        invariant: v.id,
        message: v.message,
        event: event.type,
      });
    }
    this.snapshot = next;
    this.state = after;
    if (!accepted) return;
    const from = getPhase(before.value);
    const to = getPhase(after.value);
    if (from !== to) {
      const key = `${from}->${to}`;
      record.transitions[key] = (record.transitions[key] ?? 0) + 1;
    }
    if (event.type === 'RELAPSE') record.relapses++;
    if (event.type === 'FORCED_EXIT') {
      record.forcedExits[event.cause] = (record.forcedExits[event.cause] ?? 0) + 1;
    }
    if (event.type === 'REQUEST_SERVICE') {
      record.services[event.service] = (record.services[event.service] ?? 0) + 1;
    }
  }

  /** Closes the current spell when the phase at the end of month t differs from it. */
  private markPhase(): void {
    const phase = getPhase(this.state.value);
    if (phase === this.phase) return;
    const periods = this.record.periods;
    if (this.periodFrom < this.t) {
      periods.push([this.phase, this.monthAt(this.periodFrom), this.monthAt(this.t - 1)]);
      this.phase = phase;
      this.periodFrom = this.t;
      return;
    }
    // The spell that began this month already ended: it lasted no month at all.
    const last = periods[periods.length - 1];
    if (last && last[0] === phase) {
      periods.pop();
      this.periodFrom = toMonthIndex(last[1]) - this.start;
    }
    this.phase = phase;
  }
}

/** Simulates country `index` of a run and returns its record and the machine's final state. */
export function simulateCountryDetailed(
  params: SimulationParams,
  index: number,
  options: TrajectoryOptions = {},
): { record: CountryRecord; final: CountryState } {
  const simulation = new CountrySimulation(params, index, options);
  const final = simulation.run();
  return { record: simulation.record, final };
}

/** Simulates country `index` of a run: depends on (params, index) only. */
export function simulateCountry(
  params: SimulationParams,
  index: number,
  options: TrajectoryOptions = {},
): CountryRecord {
  return simulateCountryDetailed(params, index, options).record;
}
