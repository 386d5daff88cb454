import { ValueTransformer } from 'typeorm';

/** BIGINT columns (epoch milliseconds, positions, byte counts): node-pg returns them as strings. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
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
