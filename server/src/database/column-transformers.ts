import { ValueTransformer } from 'typeorm';

/** A numeric column read raw: node-pg returns BIGINT (and NUMERIC) as strings; null stays null. */
export const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** BIGINT columns (epoch milliseconds, positions, byte counts) of entities. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: numberOrNull,
};

/** Flags are SMALLINT 0/1 on both engines so that raw SQL binds the same values everywhere. */
export const flag: ValueTransformer = {
  to: (value: boolean | null | undefined) => (value === null || value === undefined ? value : value ? 1 : 0),
  from: (value: number | null) => (value === null || value === undefined ? null : Number(value) === 1),
};

/** Free-form metadata is stored as JSON text. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value)),
  from: (value: string | null) => (value ? JSON.parse(value) : null),
};
