import { DatabaseServiceConfig } from '@yiti/config';

/** Configuration of the directory service (environment variables, validated once at boot). */
export class DirectoryConfig extends DatabaseServiceConfig {}

export const DIRECTORY_SCHEMA = 'directory';
