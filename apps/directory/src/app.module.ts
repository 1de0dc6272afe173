import { Module, type DynamicModule } from '@nestjs/common';
import type { JsonLogger } from '@yiti/logging';
import { databaseOptionsOf, PersistenceModule } from '@yiti/persistence';
import { AuditEntry } from './audit/audit-entry.entity.js';
import { AuditModule } from './audit/audit.module.js';
import { BusinessLinesModule } from './business-lines/business-lines.module.js';
import { Basin, BasinMember } from './divisions/basin.entity.js';
import { Division } from './divisions/division.entity.js';
import { DivisionsModule } from './divisions/divisions.module.js';
import { LegacyDivisionCode } from './divisions/legacy-division-code.entity.js';
import { DIRECTORY_SCHEMA, type DirectoryConfig } from './directory.config.js';
import { CreateDirectorySchema1763780000000 } from './migrations/1763780000000-create-directory-schema.js';
import { SeedShannanReference1763780000001 } from './migrations/1763780000001-seed-shannan-reference.js';
import { CodeListsAdminAudit1763780000002 } from './migrations/1763780000002-code-lists-admin-audit.js';
import { Organization } from './organizations/organization.entity.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { People1763780000003 } from './migrations/1763780000003-people.js';
import { Person } from './people/person.entity.js';
import { PeopleModule } from './people/people.module.js';

export const DIRECTORY_ENTITIES = [
  Division,
  LegacyDivisionCode,
  Basin,
  BasinMember,
  Organization,
  AuditEntry,
  Person,
];
export const DIRECTORY_MIGRATIONS = [
  CreateDirectorySchema1763780000000,
  SeedShannanReference1763780000001,
  CodeListsAdminAudit1763780000002,
  People1763780000003,
];

@Module({})
export class AppModule {
  static forRoot(config: DirectoryConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          service: 'directory',
          ...databaseOptionsOf(config),
          schema: DIRECTORY_SCHEMA,
          entities: DIRECTORY_ENTITIES,
          migrations: DIRECTORY_MIGRATIONS,
          logger,
        }),
        AuditModule,
        DivisionsModule,
        OrganizationsModule,
        BusinessLinesModule,
        PeopleModule,
      ],
    };
  }
}
