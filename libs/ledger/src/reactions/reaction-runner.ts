import {
  AppraisalCommand,
  asAppraisalEvent,
  caseForRuling,
  caseOfDisputedRuling,
  casesOfTriple,
  correctionsForDispute,
  departureForSanction,
  rulingsForClosedPanel,
} from '@ledger/domain';
import {
  Backoff,
  EventStore,
  PositionTimeoutError,
  PositionWaiters,
  StoredEvent,
  Subscription,
  WrongExpectedRevisionError,
  comparePositions,
  storeFailureOf,
} from '@ledger/event-store';
import { CheckpointMovedError, ReadModelStore } from '@ledger/projections';
import { CommandExecutor } from '../commands/command-executor';
import { Consequences } from './consequences';

export const REACTIONS = 'reactions';
const SYSTEM = { id: 'ledger', role: 'system' };
const CHECKPOINT_EVERY = 500;

/** What went wrong with one reaction: logged, and the runner goes on. */
export interface ReactionFailure {
  eventId: string;
  command: string;
  code: string;
  message: string;
}

/**
 * Runs the process rules (docs/domain.md) on the log: for each event, the commands its
 * reaction causes, executed as the system with the event as their cause. Every reaction is
 * idempotent (fixed ids, or no-ops once done), so the checkpoint, kept beside the read
 * models', can be written after a batch: a crash re-runs a few reactions harmlessly. A store
 * that fails is waited out with a capped backoff; the runner never stops on its own.
 */
export class ReactionRunner {
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private checkpoint: string | null = null;
  /** The last event reacted to, saved or not. */
  private pending: string | null = null;
  private readonly waiters = new PositionWaiters();
  /** Where the reactions to each event landed in the log: what a read must wait for to include them. */
  readonly consequences = new Consequences();
  private failure: Error | undefined;
  private readonly backoff = new Backoff();

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly executor: CommandExecutor,
    private readonly onFailure: (failure: ReactionFailure) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    await this.loadCheckpoint();
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await this.loop;
    if (this.pending !== null && this.pending !== this.checkpoint) {
      await this.saveCheckpoint(this.pending).catch(() => undefined);
    }
    this.waiters.failAll(new PositionTimeoutError('The reactions stopped before reaching that position.'));
  }

  /** The last event the runner has reacted to. */
  get position(): string | null {
    return this.pending ?? this.checkpoint;
  }

  /** The last failure, until a reaction succeeds again. */
  get lastError(): Error | undefined {
    return this.failure;
  }

  /** Resolves once every event up to `position` has been reacted to. */
  waitFor(position: string, timeoutMs: number): Promise<void> {
    return this.waiters.waitFor(position, this.position, timeoutMs, 'The reactions');
  }

  private async loadCheckpoint(): Promise<void> {
    this.checkpoint =
      (await this.readModels.checkpoints()).find((c) => c.projection === REACTIONS)?.position ?? null;
    this.pending = null;
    this.waiters.reached(this.position);
  }

  private async follow(): Promise<void> {
    while (this.running) {
      this.subscription = this.events.subscribeAll({ after: this.checkpoint ?? undefined, batchSize: 200 });
      try {
        let unsaved = 0;
        for await (const event of this.subscription) {
          const reacted = await this.react(event);
          // Reactions are idempotent, so the checkpoint need only be saved after one acted, or now and then.
          if (reacted || ++unsaved >= CHECKPOINT_EVERY) {
            await this.saveCheckpoint(event.position);
            unsaved = 0;
          }
          this.pending = event.position;
          this.failure = undefined;
          this.waiters.reached(event.position);
        }
      } catch (error) {
        await this.subscription.close();
        if (!(error instanceof CheckpointMovedError)) {
          this.failure = error as Error;
          await this.backoff.wait();
        }
        // Resume from the saved checkpoint: the reactions after it are run again, harmlessly.
        await this.backoff.retry(
          async () => {
            await this.loadCheckpoint();
            // Nothing left to react to: the runner is well again, though no event has come since.
            const head = await this.events.headPosition();
            if (head === null || (this.position !== null && comparePositions(this.position, head) >= 0))
              this.failure = undefined;
          },
          () => this.running,
          (reloadError) => (this.failure = reloadError),
        );
      }
    }
  }

  private async saveCheckpoint(position: string): Promise<void> {
    await this.readModels.write([
      {
        projection: REACTIONS,
        docs: [],
        checkpoint: position,
        expectedCheckpoint: this.checkpoint,
        version: 1,
      },
    ]);
    this.checkpoint = position;
    this.pending = position;
    // A write went through: the store is well, and the next failure starts the waits afresh.
    this.backoff.reset();
  }

  /** Runs the commands the event causes, and notes where they landed; whether there were any. */
  private async react(stored: StoredEvent): Promise<boolean> {
    const commands = await this.commandsFor(stored);
    for (const command of commands) {
      try {
        const result = await this.executor.execute(command, {
          actor: SYSTEM,
          correlationId: stored.metadata.correlationId ?? stored.id,
          causationId: stored.id,
        });
        if (result.position !== null) this.consequences.record(stored.position, result.position);
      } catch (error) {
        // A store that failed, or writers that kept winning, may do better later: the event is reacted to again.
        if (storeFailureOf(error) || error instanceof WrongExpectedRevisionError) throw error;
        // Anything else would fail the same way every time: reported, and the runner goes on.
        const { code, message } = error as { code?: unknown; message?: unknown };
        this.onFailure({
          eventId: stored.id,
          command: command.type,
          code: typeof code === 'string' ? code : 'REACTION_FAILED',
          message: typeof message === 'string' ? message : String(error),
        });
      }
    }
    return commands.length > 0;
  }

  private async commandsFor(stored: StoredEvent): Promise<AppraisalCommand[]> {
    const event = asAppraisalEvent(stored);
    const { facts } = this.executor;
    switch (event.type) {
      case 'BasicRequirementRuled': {
        const { year, unitId, itemId } = event.data;
        const open = caseForRuling(event, await casesOfTriple(facts, year, unitId, itemId));
        return open ? [open] : [];
      }
      case 'PanelClosed':
        return rulingsForClosedPanel(event);
      case 'SanctionImposed': {
        const departure = departureForSanction(event);
        return departure ? [departure] : [];
      }
      case 'DisputeResolved': {
        const { target, year, unitId } = event.data;
        const rulingCase =
          target.kind === 'ruling'
            ? (target.caseId ?? (await caseOfDisputedRuling(facts, year, unitId, target.eventId)))
            : null;
        return correctionsForDispute(event, rulingCase);
      }
      default:
        return [];
    }
  }
}
