import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DivisionsModule } from '../divisions/divisions.module.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsService } from './organizations.service.js';

@Module({
  imports: [AuditModule, DivisionsModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService],
})
export class OrganizationsModule {}
