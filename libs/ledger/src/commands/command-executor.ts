import { randomUUID } from 'node:crypto';
import {
  AppraisalCommand,
  AppraisalEvent,
  DomainError,
  Facts,
  Fold,
  Message,
  RoutedCommand,
  asAppraisalEvent,
  route,
} from '@ledger/domain';
import {
  DuplicateEventIdError,
  EventStore,
  NewEvent,
  Observers,
  StoredEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import {
  CommandMeta,
  CommandResult,
  IdempotencyKeyReusedError,
  metadataFor,
  priorAnswer,
} from './command-meta';
import { CommandOutcome, outcomeOfError } from './command-outcomes';
import { Lanes } from './lanes';
import { StreamCache } from './stream-cache';
import { LedgerDirectory } from './directories';

/** Events that others name later (a dispute names an entry, a ruling or a sanction; a resolution names its dispute) keep the id the command chose. */
const chosenIdOf = (event: AppraisalEvent): string | undefined => {
  switch (event.type) {
    case 'PointsAwarded':
    case 'PointsDeducted':
      return event.data.entryId;
    case 'BasicRequirementRuled':
      return event.data.rulingId;
    case 'SanctionImposed':
      return event.data.sanctionId;
    case 'DisputeFiled':
      return event.data.disputeId;
    default:
      return undefined;
  }
};

/**
 * Carries out a command: routes it to its aggregate, folds the aggregate's stream (and reads
 * the facts it is decided against), asks the decider, and appends what it decides expecting
 * the revision it read, and every other stream it read to be as it was read. Commands on one
 * stream take turns in this process; a writer elsewhere can still win the race and make the
 * append fail, and the command is then decided again on the new state, up to ten more times
 * (unless the client named the version it expects of the command's own stream, and that moved).
 */
export class CommandExecutor {
  private readonly streams: StreamCache;
  private readonly lanes = new Lanes();
  /** The log as decisions read it: streams folded through the cache, and the directory's lasting facts. */
  readonly facts: Facts;
  /** Told how each command came out and how long it took. */
  readonly outcomes = new Observers<CommandOutcome>();

  constructor(
    private readonly events: EventStore,
    private readonly directory: LedgerDirectory,
    private readonly options: {
      retries?: number;
      onWrite?: (error?: unknown) => void;
      /** The bound of the folded streams kept between commands (StreamCache). */
      streamCacheBytes?: number;
    } = {},
  ) {
    this.streams = new StreamCache(events, options.streamCacheBytes);
    this.facts = this.factsRecordingInto();
  }

  /**
   * Facts that note, in `reads`, the revision of every stream they fold: what a decision must
   * find unchanged when it appends. `known`: as this process knows the streams, with no read
   * (the append's expectations catch one that moved); else caught up with the store first.
   */
  private factsRecordingInto(reads?: Map<string, number>, known = false): Facts {
    return {
      fold: async <S, E extends Message>(fold: Fold<S, E>, stream: string) => {
        const evolve = (state: S, event: StoredEvent) =>
          fold.evolve(state, asAppraisalEvent(event) as Message as E);
        const loaded = known
          ? await this.streams.loadKnown<S>(stream, evolve, fold.initialState)
          : await this.streams.load<S>(stream, evolve, fold.initialState);
        if (reads && !reads.has(stream)) reads.set(stream, loaded.revision);
        return loaded.state;
      },
      leaderKnown: (leaderId) => this.directory.leaderKnown(leaderId),
    };
  }

  execute(command: AppraisalCommand, meta: CommandMeta, expectedVersion?: number): Promise<CommandResult> {
    const started = performance.now();
    const told = (outcome: CommandOutcome['outcome']) =>
      this.outcomes.notify({ type: command.type, outcome, seconds: (performance.now() - started) / 1000 });
    const routed = route(command);
    const answered = this.lanes.run(routed.stream, () =>
      this.decideAndAppend(routed, command, meta, expectedVersion),
    );
    answered.then(
      (result) => told(result.eventIds.length > 0 ? 'recorded' : 'unchanged'),
      (error: unknown) => told(outcomeOfError(error)),
    );
    return answered;
  }

  private async decideAndAppend(
    routed: RoutedCommand,
    command: AppraisalCommand,
    meta: CommandMeta,
    expectedVersion?: number,
  ): Promise<CommandResult> {
    const { stream } = routed;
    const retries = this.options.retries ?? 10;
    const evolve = (state: unknown, event: StoredEvent) => routed.evolve(state, asAppraisalEvent(event));
    for (let attempt = 1; ; attempt++) {
      // First as this process knows the streams, with no read: its own appends keep them current,
      // and the append expects what they showed. Once that failed, from the store.
      const known = attempt === 1;
      const own = known
        ? await this.streams.loadKnown(stream, evolve, routed.initialState)
        : await this.streams.loadFresh(stream, evolve, routed.initialState);
      const prior = priorAnswer(stream, own.answers, meta, command);
      if (prior) return prior;
      const reads = new Map<string, number>();
      const decided = await routed.decide(own.state, this.factsRecordingInto(reads, known));
      if (decided instanceof DomainError) {
        // A refusal on what this process knew may be stale: it is said only of the store's state.
        if (known) continue;
        throw decided;
      }
      const { revision } = own;
      if (expectedVersion !== undefined && expectedVersion !== revision) {
        // The client may have seen what another process appended: compared with the store's state only.
        if (known) continue;
        throw new WrongExpectedRevisionError(
          stream,
          expectedVersion,
          revision === -1 ? 'no-stream' : revision,
        );
      }
      // Nothing to do: the answer names the stream's last event, where what was asked for is already
      // recorded (said of the store's state only, like a refusal).
      if (decided.length === 0) {
        if (known) continue;
        return { stream, eventIds: [], streamVersion: revision, position: own.position };
      }
      const metadata = metadataFor(meta, command);
      const newEvents: NewEvent[] = decided.map((event) => ({
        id: chosenIdOf(event) ?? randomUUID(),
        type: event.type,
        data: event.data,
        metadata,
      }));
      try {
        const result = await this.events.append(stream, newEvents, {
          expectedRevision: revision === -1 ? 'no-stream' : revision,
          // The other streams it was decided on: a cycle closed or a leader gone meanwhile makes it decide again.
          unchanged: [...reads]
            .filter(([read]) => read !== stream)
            .map(([read, at]) => ({ stream: read, revision: at })),
        });
        this.options.onWrite?.();
        this.streams.appended(
          stream,
          evolve,
          newEvents.map((event, i) => ({
            ...event,
            id: event.id!,
            stream,
            revision: revision + 1 + i,
            // Only the last one's position is known: what an idempotent answer names.
            position: result.position,
            metadata: { ...event.metadata, schemaVersion: 1, prevHash: '', hash: '' },
            recordedAt: '',
          })),
        );
        return {
          stream,
          eventIds: newEvents.map((e) => e.id!),
          streamVersion: result.nextRevision,
          position: result.position,
        };
      } catch (error) {
        this.options.onWrite?.(error);
        // Ids a command mints derive from its idempotency key, so a clash means the key named another request.
        if (error instanceof DuplicateEventIdError && meta.idempotencyKey) {
          throw new IdempotencyKeyReusedError(meta.idempotencyKey);
        }
        // A race on the command's own stream under If-Match is the client's to resolve; any other is decided again.
        // (Decided on what this process knew, the command's own stream may simply have been stale.)
        const decideAgain =
          error instanceof WrongExpectedRevisionError &&
          (expectedVersion === undefined || error.stream !== stream || known) &&
          attempt <= retries;
        if (!decideAgain) throw error;
        // Writers that lost the race spread out before deciding again, so one of them wins each round.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * attempt));
      }
    }
  }
}
