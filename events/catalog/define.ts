import type { z } from 'zod';

/**
 * One event type of the catalog: its name, its current schema version, and the upcasters
 * that lift data written with an older version to the next one (version n → n + 1).
 */
export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly version: number;
  readonly schema: Schema;
  readonly upcasters: Readonly<Record<number, (data: Record<string, unknown>) => Record<string, unknown>>>;
}

export function defineEvent<Type extends string, Schema extends z.ZodType>(definition: EventDefinition<Type, Schema>): EventDefinition<Type, Schema> {
  for (let v = 1; v < definition.version; v++) {
    if (!definition.upcasters[v]) throw new Error(`${definition.type}: no upcaster from version ${v} to ${v + 1}`);
  }
  return definition;
}
