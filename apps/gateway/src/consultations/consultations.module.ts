import { Module } from '@nestjs/common';
import { ConsultationStatisticsResolver } from './consultation-statistics.resolver.js';
import { ConsultationsResolver } from './consultations.resolver.js';

/** Police consultations at the ISCOs and their per-office statistics: GraphQL over the meetings service. */
@Module({ providers: [ConsultationsResolver, ConsultationStatisticsResolver] })
export class ConsultationsModule {}
