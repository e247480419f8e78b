import {
  AppraisalCommand,
  AppraisalEvent,
  BasicRequirementRuled,
  DomainError,
  caseDecider,
  caseForRuling,
  caseIdFor,
  correctionsForDispute,
  departureForSanction,
  rulingsForClosedPanel,
  streams,
} from '@ledger/domain';
import { EventStore, StoredEvent, Subscription } from '@ledger/event-store';
import { CheckpointMovedError, ReadModelStore } from '@ledger/projections';
import { CommandExecutor } from '../commands/command-executor';
import { LedgerDirectory } from '../commands/directories';

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
 * Runs the process rules of DOMAIN.md on the log: for each event, the commands its reaction
 * causes, executed as the system with the event as their cause. Every reaction is idempotent
 * (fixed ids, or no-ops once done), so the checkpoint, kept beside the read models', can be
 * written after a batch: a crash re-runs a few reactions harmlessly.
 */
export class ReactionRunner {
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private checkpoint: string | null = null;
  /** The last event reacted to, saved or not. */
  private pending: string | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly executor: CommandExecutor,
    private readonly directory: LedgerDirectory,
    private readonly onFailure: (failure: ReactionFailure) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.checkpoint =
      (await this.readModels.checkpoints()).find((c) => c.projection === REACTIONS)?.position ?? null;
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
  }

  /** The last event the runner has reacted to. */
  get position(): string | null {
    return this.pending ?? this.checkpoint;
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
        }
      } catch (error) {
        await this.subscription.close();
        if (!(error instanceof CheckpointMovedError))
          await new Promise((resolve) => setTimeout(resolve, 1000));
        this.checkpoint =
          (await this.readModels.checkpoints()).find((c) => c.projection === REACTIONS)?.position ?? null;
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
  }

  /** Runs the commands the event causes; whether there were any. */
  private async react(stored: StoredEvent): Promise<boolean> {
    const commands = await this.commandsFor(stored);
    for (const command of commands) {
      try {
        await this.executor.execute(command, {
          actor: SYSTEM,
          correlationId: stored.metadata.correlationId ?? stored.id,
          causationId: stored.id,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.onFailure({
          eventId: stored.id,
          command: command.type,
          code: error.code,
          message: error.message,
        });
      }
    }
    return commands.length > 0;
  }

  /** The cases opened so far for the ruling's (cycle, unit, item), found by their numbered ids. */
  private async casesOfTriple(event: BasicRequirementRuled) {
    const { year, unitId, itemId } = event.data;
    const cases = [];
    for (let n = 1; ; n++) {
      const stored = await this.events.readStream(streams.case(caseIdFor(year, unitId, itemId, n)));
      if (stored.length === 0) return cases;
      cases.push(
        stored.reduce((state, e) => caseDecider.evolve(state, e as never), caseDecider.initialState),
      );
    }
  }

  private async commandsFor(stored: StoredEvent): Promise<AppraisalCommand[]> {
    const event = stored as unknown as AppraisalEvent;
    switch (event.type) {
      case 'BasicRequirementRuled': {
        const open = caseForRuling(event, await this.casesOfTriple(event));
        return open ? [open] : [];
      }
      case 'PanelClosed':
        return rulingsForClosedPanel(event);
      case 'SanctionImposed': {
        const departure = departureForSanction(event);
        return departure ? [departure] : [];
      }
      case 'DisputeResolved': {
        const { target } = event.data;
        const caseId =
          target.kind === 'ruling'
            ? (target.caseId ?? (await this.directory.caseOfRuling(target.eventId)))
            : null;
        return correctionsForDispute(event, caseId);
      }
      default:
        return [];
    }
  }
}
