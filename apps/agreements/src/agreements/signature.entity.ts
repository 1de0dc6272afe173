import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A party's signature over one version: binds the SHA-256 digest of that version's canonical text. */
@Entity({ name: 'signature' })
export class Signature {
  @PrimaryColumn({ name: 'agreement_code', type: 'text' })
  agreementCode: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @PrimaryColumn({ name: 'org_code', type: 'text' })
  orgCode: string;

  @Column({ type: 'text' })
  signer: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @Column({ type: 'char', length: 64 })
  digest: string;
}
