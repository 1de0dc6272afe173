import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Someone who signs in to Yiti, as the directory knows them: the username the identity provider puts in the
 * token, the name people know them by, their organization and roles. Meeting secretaries pick invitees and
 * attendees from here by name and organization.
 */
@Entity({ name: 'person' })
export class Person {
  @PrimaryColumn({ type: 'text' })
  username: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Index()
  @Column({ name: 'organization_code', type: 'text' })
  organizationCode: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
