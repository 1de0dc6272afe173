import { RpcError } from '@yiti/messaging';

export const DivisionErrors = {
  notFound: (code: string) => RpcError.notFound(`No division with code "${code}".`),
  basinNotFound: (code: string) => RpcError.notFound(`No river basin with code "${code}".`),
};
