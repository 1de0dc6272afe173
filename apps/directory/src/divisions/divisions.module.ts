import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DivisionsController } from './divisions.controller.js';
import { DivisionsService } from './divisions.service.js';

@Module({
  imports: [AuditModule],
  controllers: [DivisionsController],
  providers: [DivisionsService],
  exports: [DivisionsService],
})
export class DivisionsModule {}
