import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { DirectoryAudit } from './directory-audit.js';

@Module({ controllers: [AuditController], providers: [DirectoryAudit], exports: [DirectoryAudit] })
export class AuditModule {}
