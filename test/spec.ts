/**
 * Given/when/then specifications (after Emmett's): given the events already in a stream,
 * when a command is decided, then these events — or this error.
 */
import { expect } from 'vitest';
import type { Decider } from '../api/decider.ts';
import type { DomainEvent, StoredEvent } from '../events/catalog/index.ts';
import { uuidv7 } from '../events/ids.ts';
import type { SqlProjection } from '../projections/projection.ts';
import { organisationTree, type OrganisationTreeState, type UnitNode } from '../projections/organisationTree.ts';
import { DatabaseSync } from 'node:sqlite';

/** Wraps a domain event as if read from the log, with plausible metadata. */
export function stored(event: DomainEvent, position = 1n, streamName = 'spec-1', serverTime = '2026-06-18T08:00:00.000Z'): StoredEvent {
  return {
    ...event,
    id: uuidv7(),
    streamName,
    revision: 0n,
    position,
    metadata: {
      actor: 'spec',
      correlationId: 'c',
      causationId: 'c',
      clientSubmissionId: 's',
      clientTime: null,
      serverTime,
      schemaVersion: 1,
    },
  } as StoredEvent;
}

export function deciderSpec<State, Command>(decider: Decider<State, Command>) {
  return {
    /** The events already in the stream, each taken by the server at `serverTime` (default 2026-06-18T08:00Z). */
    given(events: DomainEvent[], serverTime?: string) {
      const state = events.map((event) => stored(event, 1n, 'spec-1', serverTime)).reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const decide = () => decider.decide(command, state);
          return {
            then(expected: DomainEvent[]) {
              expect(decide()).toEqual(expected);
            },
            thenThrows(check: (error: unknown) => void) {
              let thrown: unknown = null;
              try {
                decide();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).not.toBeNull();
              check(thrown);
            },
          };
        },
      };
    },
  };
}

/** Given events (as read from the log, positions 1, 2, …), the tables a SQL projection writes, on an in-memory database. */
// biome-ignore lint/suspicious/noExplicitAny: the other projections a spec folds beside this one, whatever their statements
export function sqlSpec<Statements>(projection: SqlProjection<Statements>, ...others: SqlProjection<any>[]) {
  return {
    given(events: Array<DomainEvent | StoredEvent>) {
      const db = new DatabaseSync(':memory:');
      const all = [projection, ...others];
      for (const each of all) db.exec(each.schema);
      const prepared = all.map((each) => ({ each, statements: each.prepare(db) }));
      events.forEach((event, i) => {
        const recorded = 'position' in event ? event : stored(event, BigInt(i + 1));
        // Each event's gathered counts written after it, as the runner does once caught up.
        for (const { each, statements } of prepared) {
          each.apply(recorded, statements);
          each.flush?.(statements);
        }
      });
      // As the runner does once a projection has caught up.
      for (const each of all) if (each.indexes) db.exec(each.indexes);
      return db;
    },
  };
}

/** Given events, the organisation tree as its queries read it (a SQL projection on an in-memory database). */
export function treeGiven(events: Array<DomainEvent | StoredEvent>): OrganisationTreeState {
  return organisationTree.read(organisationTree.prepare(sqlSpec(organisationTree).given(events)));
}

/** Every unit of a tree (tests walk whole provinces; queries never do), each once, from its roots down. */
export function everyUnit(tree: OrganisationTreeState): UnitNode[] {
  const found = new Map<string, UnitNode>();
  const visit = (id: string) => {
    if (found.has(id)) return;
    found.set(id, tree.nodes.get(id)!);
    for (const child of tree.children.get(id) ?? []) visit(child);
  };
  for (const root of tree.roots) visit(root);
  return [...found.values()];
}
