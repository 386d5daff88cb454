import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../../database/column-transformers';

@Entity('customers')
export class CustomerEntity {
  /** Deterministic id derived from (source, external id), so imports never need a lookup. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'external_id', type: 'varchar', length: 500 })
  externalId: string;

  @Column({ name: 'first_seen_at', type: 'bigint', transformer: bigintNumber })
  firstSeenAt: number;
}
