import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.js';
import type { AttachmentMessageLike } from './chunked-attachments.js';

/** The fields every attached file has in GraphQL (TransferAttachment, ConsultationAttachment). */
@ObjectType({ isAbstract: true })
export abstract class AttachmentFieldsModel {
  @Field(() => ID, { description: 'The attachment id (UUID).' })
  id: string;
  @Field({ description: 'The name it was uploaded with.' })
  filename: string;
  @Field({ description: 'The media type it was uploaded with, e.g. application/pdf.' })
  mediaType: string;
  @Field(() => Int, { description: 'Bytes.' })
  size: number;
  @Field({ description: 'SHA-256 (hex) recorded at upload; every download is checked against it.' })
  sha256: string;
  @Field({ description: 'Username of the uploader.' })
  uploadedBy: string;
  @Field({ description: "The uploader's organization." })
  uploadedByOrg: string;
  @Field(() => DateTimeScalar, { description: 'RFC 3339.' })
  uploadedAt: string;
  /** Where to GET the content; each type describes its path. */
  downloadPath: string;
}

/** A service's attachment message as the GraphQL fields, with where to download it. */
export function toAttachmentFields(a: AttachmentMessageLike, downloadPath: string) {
  return {
    id: a.id,
    filename: a.filename,
    mediaType: a.mediaType,
    size: Number(a.size),
    sha256: a.sha256,
    uploadedBy: a.uploadedBy,
    uploadedByOrg: a.uploadedByOrg,
    uploadedAt: a.uploadedAt,
    downloadPath,
  };
}
