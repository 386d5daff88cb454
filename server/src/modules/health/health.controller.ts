import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { engineOf } from '../../database/dialect';
import { Public } from '../access/roles';

@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Public()
  @Get()
  async health() {
    await this.ds.query('SELECT 1');
    return { status: 'ok', database: engineOf(this.ds) };
  }
}
