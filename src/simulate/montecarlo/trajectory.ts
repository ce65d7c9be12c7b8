/**
 * One invented country's trajectory: the sampler draws the time to the next event from the
 * model's monthly hazards and scheduled dates (next-event sampling: quiet months are skipped),
 * sends the event to the country through the step kernel (the compiled form of the machine, by
 * default), and checks every continuity-of-care invariant on the step.
 */
import { z } from 'zod';
import type { CountryMachine } from '../../../machines/country.ts';
import type {
  CountryEvent,
  ExitCause,
  Phase,
  PresenceInput,
  TransitionCause,
} from '../../../machines/country-types.ts';
import {
  PRESENCE_KINDS,
  TASKS,
  TRANSITION_CAUSES,
  fromMonthIndex,
  isMonth,
  toMonthIndex,
  type LeadDepartment,
  type Doctrine,
  type Month,
  type PresenceKind,
  type Receiver,
  type Region,
  type Service,
  type Task,
} from '../../domain/index.ts';
import { getPhase, getStage, type CountryState } from '../../country/state.ts';
import { INVARIANTS, type Invariant } from '../../invariants/index.ts';
import { LOG_FIELDS, createCountryStepper, type CountryStepper } from '../../kernel/index.ts';
import { roundMoney } from '../funding.ts';
import { MISSION_KINDS, type MissionKind, type Model } from './model.ts';
import {
  chance,
  countryStream,
  geometric,
  pickWeighted,
  taskStream,
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

/** A mission of the trajectory, with what it drew at deployment (issue 12). */
export interface MissionRecord {
  name: string;
  kind: PresenceKind;
  /** The first month it was present at the month's end. */
  from: Month;
  /** The last month it was present at the month's end; null: still present at the window's end. */
  to: Month | null;
  /** The mandated tasks drawn at deployment. */
  tasks: Task[];
  /** Assessed budget, USD millions per year (when the model gives budgets for its kind). */
  budget?: number;
}

/**
 * One completed exit (the month its missions were withdrawn), counted from the machine's state
 * around the withdrawals: what the outgoing missions still held, what went to a receiver, what
 * was orphaned, and how many of the missions holding tasks had an adopted plan with a WPS element.
 */
export interface ExitRecord {
  at: Month;
  cause: TransitionCause;
  tasks: number;
  handedOver: number;
  orphaned: number;
  /** Outgoing missions that held tasks. */
  tasked: number;
  /** Of those, the ones holding an adopted plan with a WPS / gender element. */
  wpsPlans: number;
}

/** Tasks, plans and budgets of one country (present when the model gives tasks or budgets). */
export interface TaskRecord {
  missions: MissionRecord[];
  exits: ExitRecord[];
  /** Plans the machine adopted (its `plans`), and those with a WPS element. */
  plans: number;
  wpsPlans: number;
}

const count = z.int().nonnegative();
const monthText = z.string().refine(isMonth, { error: 'expected a month YYYY-MM' });

/**
 * The schema of a record's `tasks` as countries.jsonl holds it, for reading a run back
 * (`--resume`: resume.ts's record schema takes it as `tasks: taskRecordSchema.optional()`).
 */
export const taskRecordSchema = z.strictObject({
  missions: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.enum(PRESENCE_KINDS),
      from: monthText,
      to: monthText.nullable(),
      tasks: z.array(z.enum(TASKS)),
      budget: z.number().nonnegative().optional(),
    }),
  ),
  exits: z.array(
    z.strictObject({
      at: monthText,
      cause: z.enum(TRANSITION_CAUSES),
      tasks: count,
      handedOver: count,
      orphaned: count,
      tasked: count,
      wpsPlans: count,
    }),
  ),
  plans: count,
  wpsPlans: count,
});

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
  /** Tasks, plans and budgets (issue 12): only when the model gives `tasks` or `budgets`. */
  tasks?: TaskRecord;
}

export interface TrajectoryOptions {
  /** A variant of the country machine (tests plant bugs with `machine.provide()`). */
  machine?: CountryMachine;
  invariants?: readonly Invariant[];
  /** `compiled` (default): the step kernel's flat table; `actor`: one XState actor. */
  engine?: 'compiled' | 'actor';
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

/** The model's task and budget parameters, prepared once per model for the samplers. */
interface TaskSampler {
  /** Per mission kind, the tasks it may hold with their probabilities, in TASKS order. */
  tasks: Partial<Record<MissionKind, [Task, number][]>>;
  /** The model's receiver weights (`pickWeighted` draws from them). */
  receivers: Partial<Record<Receiver, number>>;
  orphaned: number;
  budgets: Partial<Record<MissionKind, { min: number; max: number }>>;
}

const SAMPLERS = new WeakMap<Model, TaskSampler | null>();

function getTaskSampler(model: Model): TaskSampler | null {
  const known = SAMPLERS.get(model);
  if (known !== undefined) return known;
  let sampler: TaskSampler | null = null;
  if (model.tasks !== undefined || model.budgets !== undefined) {
    const tasks: TaskSampler['tasks'] = {};
    for (const kind of MISSION_KINDS) {
      const probabilities = model.tasks?.perKind[kind];
      if (probabilities === undefined) continue;
      tasks[kind] = (Object.entries(probabilities) as [Task, number | undefined][]).filter(
        (e): e is [Task, number] => typeof e[1] === 'number' && e[1] > 0,
      );
    }
    sampler = {
      tasks,
      receivers: model.tasks?.receivers ?? {},
      orphaned: model.tasks?.orphanedAtForcedExit ?? 0,
      budgets: model.budgets ?? {},
    };
  }
  SAMPLERS.set(model, sampler);
  return sampler;
}

function isMissionKind(kind: PresenceKind): kind is MissionKind {
  return (MISSION_KINDS as readonly string[]).includes(kind);
}

/** The display name of country `index`. */
export function countryName(index: number): string {
  return `Country ${String(index + 1).padStart(6, '0')}`;
}

class CountrySimulation {
  private readonly stepper: CountryStepper;
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
  private readonly sampler: TaskSampler | null;
  private readonly taskRandom: Random;
  readonly record: CountryRecord;

  constructor(params: SimulationParams, index: number, options: TrajectoryOptions) {
    this.model = params.model;
    this.random = countryStream(params.seed, index);
    this.start = toMonthIndex(params.model.start);
    this.end = params.years * 12;
    this.invariants = options.invariants ?? INVARIANTS;
    this.sampler = getTaskSampler(params.model);
    this.taskRandom = taskStream(params.seed, index);
    const region = pickWeighted(this.random, this.model.regions);
    const setting = pickWeighted(this.random, this.model.initial);
    const country = countryName(index);
    const presences: PresenceInput[] = [];
    if (setting === 'peacekeeping') presences.push({ name: this.nextName('pko'), kind: 'pko' });
    if (setting === 'specialPoliticalMission') {
      const kind = pickWeighted(this.random, this.model.spm.kinds);
      presences.push({ name: this.nextName(kind), kind });
    }
    const missions: MissionRecord[] = [];
    if (this.sampler !== null) {
      for (const presence of presences) {
        const mission = this.drawMission(presence, this.monthAt(0));
        missions.push(mission);
        if (mission.tasks.length > 0) presence.tasks = [...mission.tasks];
      }
    }
    if (presences.length > 0) {
      const months =
        setting === 'peacekeeping' ? this.model.pko.mandateMonths : this.model.spm.mandateMonths;
      this.review = uniformInt(this.random, 1, months);
    }
    this.stepper = createCountryStepper(
      { country, region, doctrine: params.doctrine, month: this.month(), presences },
      {
        engine: options.engine ?? 'compiled',
        invariants: this.invariants,
        // The logs stay with the stepper: a step costs the same in year 1 and year 200. Only
        // for the machine as shipped: a variant (tests plant bugs) keeps whole logs, so that a
        // bad log entry is reported at every later step as on the actor (every violation is
        // counted here, not only the first).
        trimLogs: (options.engine ?? 'compiled') === 'compiled' && options.machine === undefined,
        ...(options.machine ? { machine: options.machine } : {}),
      },
    );
    this.state = this.stepper.state;
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
      ...(this.sampler === null ? {} : { tasks: { missions, exits: [], plans: 0, wpsPlans: 0 } }),
    };
    for (const v of this.stepper.initialViolations) {
      this.record.violations.push({
        step: -1,
        month: this.state.context.month,
        invariant: v.id,
        message: v.message,
        event: null,
      });
    }
  }

  run(): void {
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
    this.stepper.stop();
    const logs = this.stepper.logs();
    this.record.handovers = logs.handovers.map((h) => [h.month ?? '', h.from, h.to]);
    this.record.steps = this.step;
    const tasks = this.record.tasks;
    if (tasks !== undefined) {
      tasks.plans = logs.plans.length;
      for (const plan of logs.plans) if (plan.gender) tasks.wpsPlans++;
    }
  }

  /** The final state whole: its logs as the stepper kept them (copies: they are its own). */
  finalState(): CountryState {
    const logs = this.stepper.logs();
    const context = { ...this.state.context };
    for (const field of LOG_FIELDS) {
      (context as Record<string, unknown>)[field] = [...logs[field]];
    }
    return { value: this.state.value, context };
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
      if (this.sampler !== null) this.adoptPlans();
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
    const forced = this.forced;
    this.forced = false;
    if (successor) this.deploy(pickWeighted(this.random, this.model.spm.kinds));
    const outgoing = [...this.state.context.outgoing];
    const exit = this.sampler === null ? null : this.handOverTasks(outgoing, forced);
    for (const name of outgoing) {
      this.send({ type: 'WITHDRAW', month, presence: name });
    }
    this.send({ type: 'COMPLETE_HANDOVER', month });
    if (exit !== null) this.closeExit(exit, outgoing);
  }

  private deploy(kind: PresenceKind): void {
    const name = this.nextName(kind);
    this.review = this.t + this.mandateMonths(kind === 'pko' ? 'pko' : 'spm');
    const presence: PresenceInput = { name, kind };
    if (this.sampler !== null) {
      const mission = this.drawMission(presence, this.month());
      this.record.tasks?.missions.push(mission);
      if (mission.tasks.length > 0) presence.tasks = [...mission.tasks];
    }
    this.send({ type: 'DEPLOY', month: this.month(), presence });
  }

  // ---- tasks, plans and budgets (issue 12): drawn from the task stream only ----------------

  /** A mission's tasks and budget, drawn once at its deployment. */
  private drawMission(presence: PresenceInput, from: Month): MissionRecord {
    const sampler = this.sampler as TaskSampler;
    const random = this.taskRandom;
    const tasks: Task[] = [];
    const kind = presence.kind;
    const mission: MissionRecord = { name: presence.name, kind, from, to: null, tasks };
    if (!isMissionKind(kind)) return mission;
    for (const [task, p] of sampler.tasks[kind] ?? []) if (chance(random, p)) tasks.push(task);
    const range = sampler.budgets[kind];
    if (range !== undefined) {
      mission.budget = roundMoney(range.min + random() * (range.max - range.min));
    }
    return mission;
  }

  /** A receiver drawn from the model's weights. */
  private drawReceiver(): Receiver {
    return pickWeighted(this.taskRandom, (this.sampler as TaskSampler).receivers);
  }

  /** A planned transition begins: every outgoing mission holding tasks adopts its plan, with WPS. */
  private adoptPlans(): void {
    const month = this.month();
    for (const name of [...this.state.context.outgoing]) {
      const presence = this.state.context.presences.find((p) => p.name === name);
      const tasks = presence?.tasks ?? [];
      if (tasks.length === 0 || presence?.plan !== undefined) continue;
      const handover: Partial<Record<Task, Receiver>> = {};
      for (const task of tasks) handover[task] = this.drawReceiver();
      this.send({ type: 'ADOPT_PLAN', month, presence: name, handover, gender: true });
    }
  }

  /**
   * Before the withdrawals: every task an outgoing mission still holds goes to its plan's
   * receiver (or one drawn); in a forced exit each is first orphaned with the model's probability
   * (left with the mission, which the machine then records as orphaned at WITHDRAW).
   */
  private handOverTasks(outgoing: readonly string[], forced: boolean): ExitRecord {
    const sampler = this.sampler as TaskSampler;
    const context = this.state.context;
    const exit: ExitRecord = {
      at: this.month(),
      cause: context.transitionCause ?? 'planned',
      tasks: 0,
      handedOver: this.stepper.logs().taskHandovers.length,
      orphaned: this.stepper.logs().orphanedTasks.length,
      tasked: 0,
      wpsPlans: 0,
    };
    const month = this.month();
    for (const name of outgoing) {
      const presence = this.state.context.presences.find((p) => p.name === name);
      const tasks = presence?.tasks ?? [];
      if (tasks.length === 0) continue;
      exit.tasked++;
      if (presence?.plan?.gender === true) exit.wpsPlans++;
      exit.tasks += tasks.length;
      const receivers = presence?.plan?.receivers;
      for (const task of [...tasks]) {
        if (forced && chance(this.taskRandom, sampler.orphaned)) continue;
        const to = receivers?.[task] ?? this.drawReceiver();
        this.send({ type: 'HAND_OVER_TASK', month, presence: name, task, to });
      }
    }
    return exit;
  }

  /** After the withdrawals: the exit's counts from the machine, and the missions' last month. */
  private closeExit(exit: ExitRecord, outgoing: readonly string[]): void {
    const record = this.record.tasks as TaskRecord;
    const logs = this.stepper.logs();
    exit.handedOver = logs.taskHandovers.length - exit.handedOver;
    exit.orphaned = logs.orphanedTasks.length - exit.orphaned;
    record.exits.push(exit);
    const last = this.monthAt(this.t - 1);
    for (const mission of record.missions) {
      if (mission.to !== null || !outgoing.includes(mission.name)) continue;
      if (!this.state.context.presences.some((p) => p.name === mission.name)) mission.to = last;
    }
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

  /** Sends one event through the step kernel (which checks every invariant) and counts what it did. */
  private send(event: CountryEvent): void {
    const before = this.state;
    const result = this.stepper.step(event);
    const { accepted, after } = result;
    const index = this.step++;
    const record = this.record;
    if (!accepted) {
      record.refused.push({
        step: index,
        month: event.month,
        event: event.type,
        reason: result.reason ?? 'refused',
      });
    }
    for (const v of result.violations) {
      record.violations.push({
        step: index,
        month: event.month,
        invariant: v.id,
        message: v.message,
        event: event.type,
      });
    }
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
  simulation.run();
  return { record: simulation.record, final: simulation.finalState() };
}

/** Simulates country `index` of a run: depends on (params, index) only. */
export function simulateCountry(
  params: SimulationParams,
  index: number,
  options: TrajectoryOptions = {},
): CountryRecord {
  // The record only: the final state's logs are not gathered.
  const simulation = new CountrySimulation(params, index, options);
  simulation.run();
  return simulation.record;
}
