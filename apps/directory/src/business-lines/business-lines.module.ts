import { Module } from '@nestjs/common';
import { BusinessLinesController } from './business-lines.controller.js';
import { BusinessLinesService } from './business-lines.service.js';

@Module({ controllers: [BusinessLinesController], providers: [BusinessLinesService] })
export class BusinessLinesModule {}
