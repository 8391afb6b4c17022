import { describe, it } from 'vitest';
import { createEsdbStore } from '../../events/store/esdb.ts';
import { describeStoreContract } from './contract.ts';

const connection = process.env.EVENTSTORE_CONNECTION_STRING;

if (connection) {
  describeStoreContract({
    name: `EventStoreDB (${connection})`,
    open: () => createEsdbStore(connection),
    childEnv: { STORE_KIND: 'esdb', EVENTSTORE_CONNECTION_STRING: connection },
  });
} else {
  console.warn('EventStore contract against EventStoreDB SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (e.g. esdb://localhost:2113?tls=false).');
  describe.skip('EventStore contract: EventStoreDB — skipped: set EVENTSTORE_CONNECTION_STRING to run it', () => {
    it('runs the whole contract suite against a live EventStoreDB node', () => {});
  });
}
