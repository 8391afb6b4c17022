/**
 * The 100-day drive (百日集中行动) of the synthetic province, written last: declared by the
 * province from the template, deliverables from most townships (baseline, rectification list and
 * plan, case, summary, tables) and from counties and cities (case, summary, tables), some
 * approved, some returned and corrected, and the monthly bulletins the province published.
 * Everything after `asOfEnd` is left out, so a drive under way is shown as it stands.
 */
import { hundredDaysTemplate } from '../events/catalog/campaignTemplate.ts';
import { bulletinStream, campaignStream, deliverableStream } from '../api/campaigns/decider.ts';
import type { BulletinRow, DeliverableContent, DeliverableKind } from '../events/catalog/campaign.ts';
import { encode, type DomainEvent } from '../events/catalog/index.ts';
import type { EventMetadata } from '../events/catalog/metadata.ts';
import type { HealthClass } from '../events/catalog/report.ts';
import type { EventToAppend } from '../events/store/port.ts';
import { addDays } from '../projections/calendar.ts';

export interface DrivePlan {
  campaignId: string;
  declaredBy: string;
  name: string;
  year: number;
}

export interface DriveOrganisation {
  id: string;
  quality: 'excellent' | 'good' | 'fair' | 'weak' | 'dormant';
  village: boolean;
  openedOn: string;
}
export interface DriveTownship {
  id: string;
  name: string;
  managerId: string;
  countyId: string;
  population: number;
  committeeMembers: number;
  funding: number;
  organisations: DriveOrganisation[];
}

export interface DriveInput {
  seed: number;
  id: (name: string) => string;
  meta: (actor: string, submissionId: string, serverTime: string, clientTime?: string | null) => Omit<EventMetadata, 'schemaVersion'>;
  random: () => number;
  asOf: string;
  asOfEnd: string;
  provinceId: string;
  adminId: string;
  cities: Array<{ id: string; name: string }>;
  counties: Array<{ id: string; name: string; cityId: string }>;
  townships: DriveTownship[];
}

type Timed = { at: string; stream: string; event: EventToAppend };

const DAY = 86_400_000;
const at = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3_600_000 + minute * 60_000).toISOString();
const CLASS_OF: Record<DriveOrganisation['quality'], HealthClass[]> = {
  excellent: ['consolidate', 'consolidate', 'improve'],
  good: ['improve', 'improve', 'consolidate'],
  fair: ['improve', 'rectify'],
  weak: ['rectify', 'rectify', 'rebuild'],
  dormant: ['rebuild'],
};
const CASE_TEXT =
  '镇团委立足乡镇实体化“大团委”建设,把团组织建在产业链上、建在青年聚集处。一是摸清底数,逐村逐企业排查团组织和团员青年情况,建立台账,做到情况清、底数明;二是创新建团模式,依托农村专业合作社、农业产业基地和电商服务站,采取独立建团、联合建团、区域建团等方式,新建一批直属团组织,扩大团的组织覆盖;三是配强工作力量,吸纳大学生村官、西部计划志愿者、“三支一扶”人员和返乡创业青年进入团委班子,团委委员数明显增加;四是完善运行机制,落实三会两制一课,推行团支部月报,组织开展“五个一”活动,每月开展一次活跃青年活动、结对帮助一批青年、开展一次青年需求调查、为青年办一件实事、与青年谈心一次;五是强化保障,争取党委政府支持,落实年度工作经费和活动阵地。通过百日集中行动,团组织的吸引力、凝聚力和战斗力明显增强,青年参与乡村振兴的积极性显著提高,涌现出一批返乡创业青年典型,带动周边群众增收致富。下一步,镇团委将巩固行动成果,建立长效机制,持续推进团组织规范化建设,让团的组织和工作在基层更加活跃、更有作为。' +
  '\n\n典型做法:在茶叶专业合作社成立联合团支部,由合作社青年负责人担任团支部书记,每月组织青年开展技能培训和电商直播;在产业基地设立青年之家,为返乡青年提供创业指导、政策咨询和贷款对接服务;建立团干部联系青年制度,每名团委委员联系一个村和十名青年,定期谈心谈话,及时了解和反映青年需求;把团支部月报、“五个一”落实情况纳入年度考核,对整顿类团支部实行挂牌督办、销号管理。';
const SUMMARY_TEXT =
  '百日集中行动开展以来,我们按照调查研究、宣传发动和总结提高三个阶段的部署,摸清了团组织底数,完成了整顿名单和整改方案,新建了一批直属团组织,团委委员配备和工作经费得到落实。团支部月报制度全面推行,“五个一”活动普遍开展,整顿类团支部大多完成整改。下一步将建立长效机制,巩固行动成果。';
const RETURN_REASONS = ['请补充整改措施和时限', '案例材料不足两千字,请充实', '统计表数据与月报不一致,请核实', '总结缺少下一步工作安排'];

export async function driveEvents(input: DriveInput): Promise<{ plan: DrivePlan; events: Timed[] } | null> {
  const { id, meta, random: r, asOfEnd, provinceId, adminId } = input;
  const year = input.asOf >= `${input.asOf.slice(0, 4)}-06-18` ? Number(input.asOf.slice(0, 4)) : Number(input.asOf.slice(0, 4)) - 1;
  const { phases, deadlines, newSince } = hundredDaysTemplate(year);
  const campaignId = id(`campaign:${year}`);
  const name = `${year}年乡镇实体化“大团委”建设百日集中行动`;
  const due = Object.fromEntries(deadlines.map((d) => [d.kind, d.due])) as Record<DeliverableKind, string>;
  const events: Timed[] = [];
  const push = (stream: string, submissionId: string, event: DomainEvent, actor: string, time: string) =>
    events.push({ at: time, stream, event: encode(event, submissionId, meta(actor, submissionId, time)) });
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

  push(
    campaignStream(campaignId),
    id(`campaign:${year}:declare`),
    { type: 'CampaignDeclared', data: { campaignId, unitId: provinceId, name, template: 'hundredDays', phases, deadlines, newSince } },
    adminId,
    at(addDays(phases[0]!.start, -5), 10),
  );

  const classesOf = (township: DriveTownship) => township.organisations.map((o) => ({ unitId: o.id, healthClass: pick(CLASS_OF[o.quality]) }));
  /** One unit's deliverable: submitted around its due date (most on time), then approved, returned and corrected, or left. */
  const deliver = (unitId: string, actor: string, kind: DeliverableKind, content: () => DeliverableContent, share: number) => {
    if (r() >= share) return { submitted: false, late: false };
    const late = r() < 0.15;
    const day = late ? addDays(due[kind], int(1, 10)) : addDays(due[kind], -int(0, 12));
    let time = at(day, int(9, 20), int(0, 59));
    const stream = deliverableStream(campaignId, kind, unitId);
    let current = id(`deliverable:${kind}:${unitId}:0`);
    const body = content();
    push(
      stream,
      current,
      { type: 'DeliverableSubmitted', data: { campaignId, unitId, submissionId: current, content: body, supersedes: null, submittedAt: time } },
      actor,
      time,
    );
    const decision = r();
    if (decision < 0.1) {
      time = new Date(Date.parse(time) + int(1, 4) * DAY).toISOString();
      push(
        stream,
        id(`deliverable:${kind}:${unitId}:return`),
        { type: 'DeliverableReturned', data: { campaignId, unitId, kind, submissionId: current, reason: pick(RETURN_REASONS) } },
        adminId,
        time,
      );
      if (r() < 0.7) {
        time = new Date(Date.parse(time) + int(1, 5) * DAY).toISOString();
        const previous = current;
        current = id(`deliverable:${kind}:${unitId}:1`);
        push(
          stream,
          current,
          { type: 'DeliverableSubmitted', data: { campaignId, unitId, submissionId: current, content: body, supersedes: previous, submittedAt: time } },
          actor,
          time,
        );
        time = new Date(Date.parse(time) + int(1, 4) * DAY).toISOString();
        push(
          stream,
          id(`deliverable:${kind}:${unitId}:approve`),
          { type: 'DeliverableApproved', data: { campaignId, unitId, kind, submissionId: current } },
          adminId,
          time,
        );
      }
    } else if (decision < 0.75) {
      time = new Date(Date.parse(time) + int(1, 6) * DAY).toISOString();
      push(
        stream,
        id(`deliverable:${kind}:${unitId}:approve`),
        { type: 'DeliverableApproved', data: { campaignId, unitId, kind, submissionId: current } },
        adminId,
        time,
      );
    }
    return { submitted: true, late };
  };
  const tables = (townships: DriveTownship[]): DeliverableContent => {
    const orgs = townships.flatMap((t) => t.organisations);
    const classes = townships.flatMap(classesOf);
    const count = (c: HealthClass) => classes.filter((x) => x.healthClass === c).length;
    const direct = orgs.filter((o) => !o.village);
    return {
      kind: 'tables',
      asOf: addDays(due.tables, -2),
      table1: {
        population: townships.reduce((s, t) => s + t.population, 0),
        committeeMembers: townships.reduce((s, t) => s + t.committeeMembers, 0),
        funding: townships.reduce((s, t) => s + t.funding, 0),
        organisations: orgs.length,
        village: orgs.length - direct.length,
        directRecorded: direct.length,
        directCounted: Math.round(direct.length * 0.8),
        newCounted: direct.filter((o) => o.openedOn >= newSince).length,
        sixHas: Math.round(orgs.length * 0.45),
      },
      table2: {
        organisations: orgs.length,
        baselineConsolidate: count('consolidate'),
        baselineImprove: count('improve'),
        baselineRectify: count('rectify'),
        baselineRebuild: count('rebuild'),
        listed: count('rectify') + count('rebuild'),
        consolidate: count('consolidate') + Math.round(count('improve') * 0.2),
        rebuild: Math.round(count('rebuild') * 0.4),
      },
    };
  };

  const delivered = new Map<string, { owed: number; score: number }>();
  const tally = (unitId: string, result: { submitted: boolean; late: boolean }) => {
    const entry = delivered.get(unitId) ?? { owed: 0, score: 0 };
    entry.owed++;
    entry.score += result.submitted ? (result.late ? 0.5 : 1) : 0;
    delivered.set(unitId, entry);
  };
  const countyOf = new Map(input.counties.map((c) => [c.id, c]));
  for (const township of input.townships) {
    const classes = classesOf(township);
    const area = [township.countyId, countyOf.get(township.countyId)!.cityId];
    const record = (result: { submitted: boolean; late: boolean }) => {
      for (const unit of area) tally(unit, result);
    };
    const active = r() < 0.92; // most townships take part
    const share = active ? 1 : 0.2;
    record(deliver(township.id, township.managerId, 'baseline', () => ({ kind: 'baseline', month: `${year}-05`, classes }), 0.95 * share));
    const listed = classes.filter((c) => c.healthClass === 'rectify' || c.healthClass === 'rebuild').map((c) => c.unitId);
    record(
      deliver(
        township.id,
        township.managerId,
        'rectification',
        () => ({
          kind: 'rectification',
          branches: listed,
          plan: `对${listed.length}个整顿类团支部逐一制定整改方案,明确责任人和时限,每月跟踪整改进度,九月底前完成整顿。`,
        }),
        0.9 * share,
      ),
    );
    record(
      deliver(
        township.id,
        township.managerId,
        'case',
        () => ({ kind: 'case', title: `${township.name}依托产业建团的做法`, text: CASE_TEXT, attachments: [] }),
        0.55 * share,
      ),
    );
    record(deliver(township.id, township.managerId, 'summary', () => ({ kind: 'summary', text: `${township.name}${SUMMARY_TEXT}` }), 0.8 * share));
    record(deliver(township.id, township.managerId, 'tables', () => tables([township]), 0.8 * share));
  }
  for (const committee of [...input.counties, ...input.cities]) {
    const below = input.townships.filter((t) => t.countyId === committee.id || countyOf.get(t.countyId)?.cityId === committee.id);
    deliver(
      committee.id,
      adminId,
      'case',
      () => ({ kind: 'case', title: `${committee.name}推进乡镇实体化“大团委”建设的经验`, text: CASE_TEXT, attachments: [] }),
      0.7,
    );
    deliver(committee.id, adminId, 'summary', () => ({ kind: 'summary', text: `${committee.name}${SUMMARY_TEXT}` }), 0.8);
    deliver(committee.id, adminId, 'tables', () => tables(below), 0.75);
  }
  // The province's monthly bulletins (July to September), its cities ranked.
  for (const month of [`${year}-07`, `${year}-08`, `${year}-09`]) {
    const rows = input.cities
      .map((city) => {
        const entry = delivered.get(city.id) ?? { owed: 0, score: 0 };
        const deliverables = entry.owed ? Math.round((entry.score / entry.owed) * 1000) / 1000 : 1;
        const targets = Math.round((0.6 + 0.35 * r()) * 1000) / 1000;
        const reporting = Math.round((0.75 + 0.2 * r()) * 1000) / 1000;
        const workManual = Math.round(Math.min(1, 0.7 + 0.4 * r()) * 1000) / 1000;
        const score = Math.round(100 * (0.4 * deliverables + 0.3 * targets + 0.2 * reporting + 0.1 * workManual) * 10) / 10;
        return { unitId: city.id, name: city.name, score, deliverables, targets, reporting, workManual };
      })
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'));
    const flagged = rows.length >= 4 ? 3 : rows.length >= 2 ? 1 : 0;
    const ranked: BulletinRow[] = rows.map((row, i) => ({ ...row, rank: i + 1, talk: i >= rows.length - flagged }));
    const next = month.endsWith('09') ? `${year}-10-03` : `${year}-${String(Number(month.slice(5)) + 1).padStart(2, '0')}-03`;
    push(
      bulletinStream(campaignId, provinceId, month),
      id(`bulletin:${month}`),
      {
        type: 'BulletinPublished',
        data: {
          campaignId,
          unitId: provinceId,
          month,
          asOf: `${month}-${month.endsWith('09') ? '30' : '31'}`,
          rows: ranked,
          note: '请排名后三位的单位于五个工作日内报送整改说明。',
        },
      },
      adminId,
      at(next, 10),
    );
  }
  return { plan: { campaignId, declaredBy: provinceId, name, year }, events: events.filter((e) => e.at < asOfEnd) };
}
