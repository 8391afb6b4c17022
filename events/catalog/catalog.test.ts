import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../ids.ts';
import type { RecordedEvent } from '../store/port.ts';
import { decode, encode, UnknownEventError } from './index.ts';

const recorded = (type: string, data: unknown, metadata: unknown): RecordedEvent => ({
  id: uuidv7(), type, streamName: 'branch-x', revision: 0n, position: 7n, data, metadata, created: new Date(),
});
const metadata = {
  actor: 'u1', correlationId: 'c1', causationId: 's1', clientSubmissionId: 's1',
  clientTime: '2026-06-18T08:00:00+08:00', serverTime: '2026-06-18T00:00:01.000Z',
};
const branchId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718293';

describe('event catalog', () => {
  it('upcasts BranchRegistered v1 (no building mode) to v2 as an independently built organisation', () => {
    const v1 = recorded('BranchRegistered', { branchId, name: '东风村团支部', township: '城关镇团委', field: 'village' }, { ...metadata, schemaVersion: 1 });
    const event = decode(v1);
    expect(event.type).toBe('BranchRegistered');
    expect(event.data).toEqual({ branchId, name: '东风村团支部', township: '城关镇团委', field: 'village', buildingMode: 'independent' });
    // The metadata still says what was written: version 1.
    expect(event.metadata.schemaVersion).toBe(1);
    expect(event.position).toBe(7n);
  });

  it('reads the current version as it is', () => {
    const v2 = recorded('BranchRegistered', { branchId, name: '青创企业团支部', township: '城关镇团委', field: 'enterprise', buildingMode: 'joint' }, { ...metadata, schemaVersion: 2 });
    expect(decode(v2).data).toMatchObject({ field: 'enterprise', buildingMode: 'joint' });
  });

  it('encode stamps the current schema version and validates the data', () => {
    const event = encode({ type: 'BranchRegistered', data: { branchId, name: 'A', township: 'B', field: 'village', buildingMode: 'regional' } }, branchId, metadata);
    expect(event).toMatchObject({ id: branchId, type: 'BranchRegistered', metadata: { ...metadata, schemaVersion: 2 } });
    expect(() => encode({ type: 'BranchRegistered', data: { branchId, name: '', township: 'B', field: 'village', buildingMode: 'regional' } }, branchId, metadata)).toThrow();
  });

  it('rejects unknown types and data that does not match its schema', () => {
    expect(() => decode(recorded('Nonsense', {}, metadata))).toThrow(UnknownEventError);
    expect(() => decode(recorded('BranchRegistered', { branchId, name: 'A' }, { ...metadata, schemaVersion: 2 }))).toThrow();
  });
});
