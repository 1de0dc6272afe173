import { DirectoryReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';

export const DivisionErrors = {
  notFound: (code: string) =>
    RpcError.of(DirectoryReason.DIVISION_NOT_FOUND, `No division with code "${code}".`),
  basinNotFound: (code: string) =>
    RpcError.of(DirectoryReason.BASIN_NOT_FOUND, `No river basin with code "${code}".`),
  membersNotFound: (codes: readonly string[]) =>
    RpcError.of(
      DirectoryReason.MEMBER_DIVISIONS_NOT_FOUND,
      `No divisions with codes ${codes.map((c) => `"${c}"`).join(', ')}.`,
    ),
  alreadyExists: (code: string) =>
    RpcError.of(DirectoryReason.DIVISION_EXISTS, `Division "${code}" already exists.`),
  isLegacyCode: (code: string, current: string) =>
    RpcError.of(
      DirectoryReason.DIVISION_CODE_IS_LEGACY,
      `"${code}" is a legacy code of division ${current}: it cannot name a new division.`,
    ),
  basinAlreadyExists: (code: string) =>
    RpcError.of(DirectoryReason.BASIN_EXISTS, `River basin "${code}" already exists.`),
  wrongLevel: (field: string, message: string) =>
    RpcError.badInput(`Invalid input: ${field} ${message}.`, [{ field, message }]),
};
