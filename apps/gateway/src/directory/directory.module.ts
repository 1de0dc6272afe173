import { Module } from '@nestjs/common';
import { BusinessLinesResolver } from './business-lines.resolver.js';
import { DivisionsResolver } from './divisions.resolver.js';
import { MeResolver } from './me.resolver.js';
import { OrganizationsResolver } from './organizations.resolver.js';
import { PeopleResolver } from './people.resolver.js';

@Module({
  providers: [MeResolver, OrganizationsResolver, DivisionsResolver, BusinessLinesResolver, PeopleResolver],
})
export class DirectoryModule {}
