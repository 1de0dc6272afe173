import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ORGANIZATION_CODE, PersonSchema, type ListPeopleRequest, type Person } from '@yiti/contracts';
import { inputCheck } from '@yiti/messaging';

export const PEOPLE_DEFAULT_LIMIT = 50;
export const PEOPLE_MAX_LIMIT = 200;
export const PEOPLE_SEARCH_MAX_LENGTH = 100;

interface Row {
  username: string;
  display_name: string;
  organization_code: string;
  roles: string[];
}

/** The people directory: who can be invited to a meeting, by name and organization. */
@Injectable()
export class PeopleService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** People by organization then name; `search` matches a part of the name or username, case-insensitively. */
  async list(request: ListPeopleRequest): Promise<Person[]> {
    const org = request.organizationCode;
    const search = request.search?.trim();
    inputCheck()
      .matches('organizationCode', org, ORGANIZATION_CODE, 'must be an organization code such as proc-540522')
      .maxLength('search', search, PEOPLE_SEARCH_MAX_LENGTH)
      .that('limit', request.limit <= PEOPLE_MAX_LIMIT, `must be 1-${PEOPLE_MAX_LIMIT}`)
      .done();
    const limit = request.limit || PEOPLE_DEFAULT_LIMIT;
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows: Row[] = await this.dataSource.query(
      `SELECT username, display_name, organization_code, roles
         FROM directory.person
        WHERE ($1::text IS NULL OR organization_code = $1)
          AND ($2::text IS NULL OR display_name ILIKE $2 OR username ILIKE $2)
        ORDER BY organization_code, display_name, username
        LIMIT $3`,
      [org ?? null, pattern, limit],
    );
    return rows.map((r) =>
      create(PersonSchema, {
        username: r.username,
        displayName: r.display_name,
        organizationCode: r.organization_code,
        roles: r.roles,
      }),
    );
  }
}
