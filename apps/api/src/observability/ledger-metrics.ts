import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LogTail, commitsOf } from '@ledger/event-store';
import type { Ledger } from '@ledger/ledger';
import { LEDGER } from '@ledger/ledger/nest';

/** Events between two positions, where positions are plain numbers (SQLite, PostgreSQL); null elsewhere (KurrentDB). */
const eventsBetween = (head: string | null, reached: string | null): number | null => {
  if (head === null) return 0;
  if (!/^\d+$/.test(head) || (reached !== null && !/^\d+$/.test(reached))) return null;
  return Math.max(0, Number(head) - Number(reached ?? 0));
};

/**
 * The ledger's Prometheus metrics, in a registry of this application's own (never the global
 * one, so several servers in one process each count their own): the process's defaults, each
 * command by type and outcome with its latency, the store's appends and how many each commit
 * carried, how far the read models and the reactions are behind the log's head, and how old
 * the latest signed checkpoint is. The ledger is only listened to; it knows nothing of this.
 */
@Injectable()
export class LedgerMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly stopListening: (() => unknown)[] = [];

  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {
    collectDefaultMetrics({ register: this.registry });
    this.countCommands();
    this.countAppends();
    this.countRecordedEvents();
    this.measureLag();
    this.countStreamClients();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.stopListening.map((stop) => stop()));
  }

  /** The metrics as Prometheus reads them. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private countCommands(): void {
    const registers = [this.registry];
    const labelNames = ['type', 'outcome'] as const;
    const commands = new Counter({
      name: 'ledger_commands_total',
      help: 'Commands carried out, by type and outcome (recorded, unchanged, refused, conflict, failed)',
      labelNames,
      registers,
    });
    const seconds = new Histogram({
      name: 'ledger_command_duration_seconds',
      help: 'From a command reaching the ledger to its answer, its turn behind commands on the same stream included',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.stopListening.push(
      this.ledger.executor.outcomes.add(({ type, outcome, seconds: took }) => {
        commands.inc({ type, outcome });
        seconds.observe({ type, outcome }, took);
      }),
    );
  }

  private countAppends(): void {
    const commits = commitsOf(this.ledger.stores.events);
    if (!commits) return; // KurrentDB does not group its appends, and says nothing of them
    const registers = [this.registry];
    const appends = new Counter({
      name: 'ledger_appends_total',
      help: 'Appends committed to the event store (each the events of one command)',
      registers,
    });
    const groups = new Histogram({
      name: 'ledger_append_group_size',
      help: 'Appends committed together in one transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.stopListening.push(
      commits.add((carried) => {
        appends.inc(carried);
        groups.observe(carried);
      }),
    );
  }

  /**
   * Every event appended to the log since this server started, by type: what any process recorded
   * (a `ledger demo` or another server too), where the command metrics count this one's alone.
   */
  private countRecordedEvents(): void {
    const events = new Counter({
      name: 'ledger_events_recorded_total',
      help: 'Events appended to the log since this process started, by type, by any process',
      labelNames: ['type'],
      registers: [this.registry],
    });
    const tail = new LogTail(this.ledger.stores.events, (event) => events.inc({ type: event.type }));
    tail.start();
    this.stopListening.push(() => tail.stop());
  }

  /** Each client of GET /api/stream listens to the read models' moves for as long as it is connected. */
  private countStreamClients(): void {
    const { moved } = this.ledger.projections;
    new Gauge({
      name: 'ledger_stream_clients',
      help: "Clients following GET /api/stream now: the listeners on the read models' moves",
      registers: [this.registry],
      collect() {
        this.set(moved.size);
      },
    });
  }

  /** Read when scraped. A store that cannot be read leaves these out of the answer, not the whole answer. */
  private measureLag(): void {
    const { ledger } = this;
    const registers = [this.registry];
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Events the read model has still to fold, behind the head of the log',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        try {
          for (const { projection, lag } of await ledger.projections.status())
            if (lag !== null) this.set({ projection }, lag);
        } catch {
          // the store is down: /api/health says so
        }
      },
    });
    new Gauge({
      name: 'ledger_reaction_lag_events',
      help: 'Events the reactions (the process rules) have still to handle, behind the head of the log',
      registers,
      async collect() {
        this.reset();
        try {
          const lag = eventsBetween(await ledger.stores.events.headPosition(), ledger.reactions.position);
          if (lag !== null) this.set(lag);
        } catch {
          // the store is down
        }
      },
    });
    new Gauge({
      name: 'ledger_checkpoint_age_seconds',
      help: 'Seconds since the latest signed checkpoint was issued; absent until there is one',
      registers,
      async collect() {
        this.reset();
        try {
          const latest = await ledger.stores.tree.latestCheckpoint();
          if (latest) this.set((Date.now() - Date.parse(latest.issuedAt)) / 1000);
        } catch {
          // the store is down
        }
      },
    });
  }
}
