import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { refuseControlCharacters } from '@yiti/messaging';

/**
 * The gateway's half of the one U+0000 rule (libs/messaging text-check.ts): a global pipe, before the
 * validation pipe, over every GraphQL argument and every HTTP route/query parameter — any text in it holding
 * U+0000 is BAD_USER_INPUT (TEXT_CONTROL_CHARACTER) naming the field as class-validator would (`summary`,
 * `content.clauses[0].text`; a scalar argument by its name). Context, info and custom parameters are not input.
 */
@Injectable()
export class ControlCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const scalar = typeof value !== 'object' || value === null;
      refuseControlCharacters(value, scalar ? (metadata.data ?? '') : '');
    }
    return value;
  }
}
