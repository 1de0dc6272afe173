import { RpcError } from '@yiti/messaging';

/** The directory's domain errors, each a typed RPC error with a code from the shared enum. */
export const OrganizationErrors = {
  notFound: (code: string) => RpcError.notFound(`No organization with code "${code}".`),
  alreadyExists: (code: string) => RpcError.conflict(`Organization "${code}" already exists.`),
  notProcuratorate: (code: string) =>
    RpcError.badInput(`"${code}" is not a procuratorate.`, [
      { field: 'code', message: 'must be a procuratorate' },
    ]),
  noSuperior: (code: string) => RpcError.notFound(`"${code}" has no superior procuratorate in Yiti.`),
  nothingToUpdate: () => RpcError.badInput('Give at least one field to change.'),
};
