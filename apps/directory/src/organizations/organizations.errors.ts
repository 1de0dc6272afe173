import { DirectoryReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';

/** The directory's domain errors, each a typed RPC error with a code from the shared enum. */
export const OrganizationErrors = {
  notFound: (code: string) =>
    RpcError.of(DirectoryReason.ORGANIZATION_NOT_FOUND, `No organization with code "${code}".`),
  alreadyExists: (code: string) =>
    RpcError.of(DirectoryReason.ORGANIZATION_EXISTS, `Organization "${code}" already exists.`),
  notProcuratorate: (code: string) =>
    RpcError.of(DirectoryReason.NOT_A_PROCURATORATE, `"${code}" is not a procuratorate.`, [
      { field: 'code', message: 'must be a procuratorate' },
    ]),
  noSuperior: (code: string) =>
    RpcError.of(DirectoryReason.NO_SUPERIOR, `"${code}" has no superior procuratorate in Yiti.`),
  nothingToUpdate: () => RpcError.of(DirectoryReason.NOTHING_TO_UPDATE, 'Give at least one field to change.'),
};
