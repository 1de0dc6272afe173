import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openServiceDataSource, type ServiceDataSourceOptions } from './data-source.js';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Provides the service's `DataSource` (migrated, ready) to the whole app and closes it on shutdown. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: ServiceDataSourceOptions): DynamicModule {
    return PersistenceModule.forFactory(() => openServiceDataSource(options));
  }

  /** The same, for a service that opens its data source its own way (e.g. migrating, then running as a role). */
  static forFactory(open: () => Promise<DataSource>): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [{ provide: DataSource, useFactory: open }, DataSourceCloser],
      exports: [DataSource],
    };
  }
}
