import { RpcError } from '@yiti/messaging';

export const DivisionErrors = {
  notFound: (code: string) => RpcError.notFound(`No division with code "${code}".`),
  basinNotFound: (code: string) => RpcError.notFound(`No river basin with code "${code}".`),
  membersNotFound: (codes: readonly string[]) =>
    RpcError.notFound(`No divisions with codes ${codes.map((c) => `"${c}"`).join(', ')}.`),
  alreadyExists: (code: string) => RpcError.conflict(`Division "${code}" already exists.`),
  isLegacyCode: (code: string, current: string) =>
    RpcError.conflict(`"${code}" is a legacy code of division ${current}: it cannot name a new division.`),
  basinAlreadyExists: (code: string) => RpcError.conflict(`River basin "${code}" already exists.`),
  wrongLevel: (field: string, message: string) =>
    RpcError.badInput(`Invalid input: ${field} ${message}.`, [{ field, message }]),
};
