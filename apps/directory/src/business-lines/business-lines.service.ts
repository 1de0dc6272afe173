import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessLineSchema, type BusinessLine } from '@yiti/contracts';

interface Row {
  code: string;
  name_zh: string;
  name_en: string;
  categories: { code: string; name_zh: string; name_en: string }[];
}

/** The code lists every service checks business lines and case categories against (loaded from @yiti/reference). */
@Injectable()
export class BusinessLinesService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(): Promise<BusinessLine[]> {
    const rows: Row[] = await this.dataSource.query(`
      SELECT l.code, l.name_zh, l.name_en,
             COALESCE(json_agg(json_build_object('code', c.code, 'name_zh', c.name_zh, 'name_en', c.name_en)
                               ORDER BY c.position) FILTER (WHERE c.code IS NOT NULL), '[]') AS categories
        FROM directory.business_line l
        LEFT JOIN directory.business_line_category lc ON lc.business_line_code = l.code
        LEFT JOIN directory.case_category c ON c.code = lc.category_code
       GROUP BY l.code
       ORDER BY min(l.position)`);
    return rows.map((r) =>
      create(BusinessLineSchema, {
        code: r.code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        categories: r.categories.map((c) => ({ code: c.code, nameZh: c.name_zh, nameEn: c.name_en })),
      }),
    );
  }
}
