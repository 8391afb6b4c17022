import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../ids.ts';
import type { RecordedEvent } from '../store/port.ts';
import { decode, encode, UnknownEventError } from './index.ts';

const recorded = (type: string, data: unknown, metadata: unknown): RecordedEvent => ({
  id: uuidv7(),
  type,
  streamName: 'unit-x',
  revision: 0n,
  position: 7n,
  data,
  metadata,
  created: new Date(),
});
const metadata = {
  actor: 'u1',
  correlationId: 'c1',
  causationId: 's1',
  clientSubmissionId: 's1',
  clientTime: '2026-06-18T08:00:00+08:00',
  serverTime: '2026-06-18T00:00:01.000Z',
};
const unitId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718293';
const parentId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718294';
const opened = { unitId, kind: 'organisation', parentId, name: '东风村团支部', code: null, on: '2026-06-18', township: null };

describe('event catalog', () => {
  it('upcasts UnitOpened v1 (an organisation without building mode) to v2 as independently built', () => {
    const event = decode(recorded('UnitOpened', { ...opened, organisation: { field: 'village' } }, { ...metadata, schemaVersion: 1 }));
    expect(event.type).toBe('UnitOpened');
    expect(event.data).toEqual({ ...opened, organisation: { field: 'village', buildingMode: 'independent' } });
    // The metadata still says what was written: version 1.
    expect(event.metadata.schemaVersion).toBe(1);
    expect(event.position).toBe(7n);
  });

  it('upcasts a v1 unit that is not an organisation without inventing a class', () => {
    const event = decode(recorded('UnitOpened', { ...opened, kind: 'province', parentId: null, organisation: null }, { ...metadata, schemaVersion: 1 }));
    expect(event.data).toMatchObject({ kind: 'province', organisation: null });
  });

  it('reads a v2 organisation of another field as it was', () => {
    const v2 = recorded('UnitOpened', { ...opened, organisation: { field: 'enterprise', buildingMode: 'joint' } }, { ...metadata, schemaVersion: 2 });
    expect(decode(v2).data).toMatchObject({ organisation: { field: 'enterprise', buildingMode: 'joint' } });
  });

  it.each([
    ['城关镇卫生院团支部', 'publicInstitution'],
    ['城关镇中心小学团支部', 'publicInstitution'],
    ['城关镇农技站团支部', 'publicInstitution'],
    ['城关镇机关团支部', 'governmentOrgan'],
    ['城关镇人民政府团支部', 'governmentOrgan'],
  ])('upcasts a v2 机关事业单位 %s by its name to %s', (name, field) => {
    const v2 = recorded(
      'UnitOpened',
      { ...opened, name, organisation: { field: 'government', buildingMode: 'independent' } },
      { ...metadata, schemaVersion: 2 },
    );
    expect(decode(v2).data).toMatchObject({ name, organisation: { field, buildingMode: 'independent' } });
  });

  it('upcasts a v1 reclassification to 机关事业单位 as 机关 (it names no unit), and leaves other fields alone', () => {
    const moved = (field: string) =>
      recorded('UnitReclassified', { unitId, organisation: { field, buildingMode: 'joint' }, on: '2026-03-01' }, { ...metadata, schemaVersion: 1 });
    expect(decode(moved('government')).data).toMatchObject({ organisation: { field: 'governmentOrgan' } });
    expect(decode(moved('village')).data).toMatchObject({ organisation: { field: 'village' } });
  });

  it('encode stamps the current schema version and validates the data', () => {
    const data = { ...opened, kind: 'organisation' as const, organisation: { field: 'village' as const, buildingMode: 'regional' as const } };
    const event = encode({ type: 'UnitOpened', data }, unitId, metadata);
    expect(event).toMatchObject({ id: unitId, type: 'UnitOpened', metadata: { ...metadata, schemaVersion: 3 } });
    expect(() => encode({ type: 'UnitOpened', data: { ...data, name: '' } }, unitId, metadata)).toThrow();
  });

  it('rejects unknown types, and data lifted from an older version or written by newer code that does not match its schema', () => {
    expect(() => decode(recorded('Nonsense', {}, metadata))).toThrow(UnknownEventError);
    expect(() => decode(recorded('UnitOpened', { unitId, name: 'A' }, { ...metadata, schemaVersion: 1 }))).toThrow();
    expect(() => decode(recorded('UnitOpened', { unitId, name: 'A' }, { ...metadata, schemaVersion: 4 }))).toThrow();
  });

  it('trusts data read back at the version it was written with (encode validated it)', () => {
    const data = { ...opened, organisation: { field: 'enterprise', buildingMode: 'joint' } };
    const event = decode(recorded('UnitOpened', data, { ...metadata, schemaVersion: 3 }));
    expect(event.data).toBe(data);
  });
});
