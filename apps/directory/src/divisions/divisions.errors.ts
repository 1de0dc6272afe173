import { DirectoryReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';

export const DivisionErrors = {
  notFound: (code: string) =>
    RpcError.of(DirectoryReason.DIVISION_NOT_FOUND, `No division with code "${code}".`),
  basinNotFound: (code: string) =>
    RpcError.of(DirectoryReason.BASIN_NOT_FOUND, `No river basin with code "${code}".`),
};
