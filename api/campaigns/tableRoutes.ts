/**
 * The drive's statistical tables 附件1 and 附件2 as .xlsx, one row per township of the area
 * asked for and a totals line, built from the projections and streamed as they are produced,
 * so a province's table starts downloading at once and never times out.
 */
import { Hono, type Context } from 'hono';
import { campaignAsOf } from '../../projections/campaigns.ts';
import { table1Columns, table1Rows, table2Columns, table2Rows, withTotals } from '../../projections/campaignTables.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { isWithin, view } from '../../projections/organisationTreeQueries.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, requireActor } from '../auth/middleware.ts';
import { asOfDay, type ApiEnv, type SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import type { Runtime } from '../runtime.ts';
import { cleanSheetName, streamXlsx } from '../tables/index.ts';
import { validate } from '../validate.ts';
import { defaultUnit, maySeeUnitIn } from './access.ts';
import { unitQuery } from './schemas.ts';

const titles = {
  1: { zh: '附件1 乡镇团委建设情况统计表', en: 'Annex 1: township committee building' },
  2: { zh: '附件2 基层团组织整顿情况统计表', en: 'Annex 2: rectification of grassroots organisations' },
} as const;

export function tableRoutes(runtime: Runtime) {
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const actorOf = (c: Context<SignedInEnv>) => c.var.actor;
  return new Hono<ApiEnv>().use('/campaigns/:id/tables/*', requireActor).get('/campaigns/:id/tables/:table', validate('query', unitQuery), async (c) => {
    const table = c.req.param('table') === '1.xlsx' ? 1 : c.req.param('table') === '2.xlsx' ? 2 : null;
    const { unit, after, asOf } = c.req.valid('query');
    const on = asOfDay(c, asOf);
    if (after !== undefined) await runtime.runner.waitFor(BigInt(after), runtime.config.READ_YOUR_WRITES_TIMEOUT_MS);
    const state = runtime.runner.state(readModels.campaigns);
    const reports = monthlyReportsOf(runtime.runner.tables(readModels.monthlyReports));
    const stored = state.campaigns.get(c.req.param('id'));
    const campaign = stored ? campaignAsOf(stored, on) : null;
    const unitId = campaign ? (unit ?? defaultUnit(tree(), actorOf(c), campaign)) : null;
    if (!table || !campaign || !unitId || !maySeeUnitIn(tree(), actorOf(c), campaign, unitId)) return forbidden(c);
    // Above the declaring committee, the table covers the drive's own area.
    const area = isWithin(tree(), unitId, campaign.unitId) ? unitId : campaign.unitId;
    const en = requestLocale(c) === 'en';
    const columns = table === 1 ? table1Columns : table2Columns;
    const rows = table === 1 ? table1Rows(tree(), reports, campaign, area, on) : table2Rows(tree(), reports, state, campaign, area, on);
    const areaName = view(tree().units.get(area)!).name;
    const title = en ? titles[table].en : titles[table].zh;
    const stream = streamXlsx([
      {
        name: cleanSheetName(en ? `Annex ${table}` : `附件${table}`),
        title: [title, en ? `Unit: ${areaName}   Drive: ${campaign.name}   As of: ${on}` : `填报单位:${areaName}    行动:${campaign.name}    截至:${on}`],
        header: columns.map((column) => (en ? column.en : column.zh)),
        rows: withTotals(columns, rows, en ? 'Total' : '合计'),
        columnWidths: columns.map((column, i) => (i < 3 ? 16 : Math.max(8, Math.min(22, column.zh.length * 2 + 2)))),
      },
    ]);
    const fileName = `${title.replace(/\s+/g, '-')}-${areaName}-${on}.xlsx`;
    return new Response(stream, {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="annex-${table}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'cache-control': 'no-store',
      },
    });
  });
}
