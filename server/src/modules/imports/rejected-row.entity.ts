import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('rejected_rows')
export class RejectedRowEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'import_run_id', type: 'integer' })
  importRunId: number;

  @Column({ name: 'file_name', type: 'varchar', length: 1000 })
  fileName: string;

  /** Line in the file (CSV, JSON Lines, TWCS) or record number (Arrow, nested JSON). */
  @Column({ type: 'integer' })
  line: number;

  /** Where in a nested document the record sits, e.g. `[3].turns[5]`. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  field: string | null;

  @Column({ type: 'text' })
  reason: string;

  /** The raw text of the row, cut at 64 KiB. */
  @Column({ type: 'text' })
  raw: string;
}
