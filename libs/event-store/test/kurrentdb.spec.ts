import { randomBytes } from 'node:crypto';
import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { KurrentDbEventStore } from '@ledger/event-store';
import { describeWithContainers } from '../../../test/support/containers';
import { eventStoreContract } from './contract';

/**
 * The contract against a real KurrentDB node in a container. Each test gets its own
 * namespace, so one container serves the whole suite. Tampering with stored rows is not
 * possible through KurrentDB, so those tests belong to the SQL stores.
 */
describeWithContainers('KurrentDB event store', () => {
  let container: StartedTestContainer;
  let connectionString = '';
  let namespace = '';

  beforeAll(async () => {
    container = await new GenericContainer('kurrentplatform/kurrentdb:latest')
      .withEnvironment({
        KURRENTDB_INSECURE: 'true',
        KURRENTDB_RUN_PROJECTIONS: 'None',
        KURRENTDB_MEM_DB: 'true',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    connectionString = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 180000);

  afterAll(async () => {
    await container?.stop();
  });

  const connect = async () => KurrentDbEventStore.connect({ connectionString, namespace });

  eventStoreContract('kurrentdb', {
    create: async () => {
      namespace = `t${randomBytes(4).toString('hex')}-`;
      return connect();
    },
    reopen: connect,
    importKeepsWrittenRuns: true,
  });
});
