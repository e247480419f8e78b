import { InMemoryEventStore } from '@ledger/event-store';
import { eventStoreContract } from './contract';

let current = new InMemoryEventStore();

eventStoreContract('memory', {
  create: async () => (current = new InMemoryEventStore()),
  // Memory survives a close of the same object only: reopening hands back the same log.
  reopen: async () => current,
});
