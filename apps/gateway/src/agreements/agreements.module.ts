import { Module } from '@nestjs/common';
import { AgreementsResolver } from './agreements.resolver.js';

@Module({ providers: [AgreementsResolver] })
export class AgreementsModule {}
