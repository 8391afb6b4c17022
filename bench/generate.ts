/**
 * A deterministic synthetic province written as events through the store port: the tree
 * (cities, counties, townships with their 2345 bands, village branches and directly
 * affiliated organisations with their standards, some opened, moved, renamed or closed during
 * the year), accounts, a year of monthly reports (gaps, lateness, offline submissions,
 * corrections, approvals and returns, health overrides), a research round with its teams and
 * 六个一 visits, and the 100-day drive when the catalog has it.
 *
 * The same seed, size and `asOf` date give the same events with the same ids (every id comes
 * from `uuidFromName`), so a run interrupted half-way and started again writes only the rest.
 *
 *   node bench/generate.ts [--out DIR] [--size full|demo] [--seed N] [--as-of yyyy-mm-dd]
 *
 * writes into DATA_DIR (default ./data, or --out) and draws a progress bar on stderr.
 */
import { createHash, scryptSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { accountId, accountStream } from '../api/accounts/decider.ts';
import { reportStream } from '../api/reports/decider.ts';
import { unitStream } from '../api/units/decider.ts';
import { buildingModes, type BranchField, type BuildingMode } from '../events/catalog/branch.ts';
import { encode, type DomainEvent } from '../events/catalog/index.ts';
import type { EventMetadata } from '../events/catalog/metadata.ts';
import type { OrganisationClass, Standards, TownshipProfile, UnitKind } from '../events/catalog/organisation.ts';
import type { HealthClass, MonthlyReportContent } from '../events/catalog/report.ts';
import { findingTopics, researchItems, type FindingTopic } from '../events/catalog/research.ts';
import { uuidFromName } from '../events/ids.ts';
import type { EventStore, EventToAppend } from '../events/store/port.ts';
import { DEFAULT_SIX_HAS } from '../projections/organisationTreeQueries.ts';
import { DEFAULT_SETTINGS } from '../projections/reportingSettings.ts';
import { addDays, chinaTime, monthAfter, monthBefore, monthEnd, monthsUpTo } from '../projections/calendar.ts';
import { systemClock } from '../api/clock.ts';
import { driveEvents, type DrivePlan } from './generateDrive.ts';

// ─── sizes ──────────────────────────────────────────────────────────────────────────────

export interface ProvinceSize {
  cities: number;
  countiesPerCity: number;
  townshipsPerCounty: number;
  /** On average; each township gets between 60 % and 140 % of it. */
  organisationsPerTownship: number;
  /** Months of reports, ending with the month before `asOf`. */
  months: number;
  /** Research teams (one per city, up to this many), each with three researchers. */
  researchTeams: number;
}

export const SIZES = {
  /** ~1,500 townships, ~48,500 organisations, 12 months: about a million events. */
  full: { cities: 14, countiesPerCity: 7, townshipsPerCounty: 15, organisationsPerTownship: 33, months: 12, researchTeams: 14 },
  /** A first look: 1 city, 2 counties, 6 townships, ~60 organisations, 3 months. */
  demo: { cities: 1, countiesPerCity: 2, townshipsPerCounty: 3, organisationsPerTownship: 10, months: 3, researchTeams: 2 },
} satisfies Record<string, ProvinceSize>;

export type SizeName = keyof typeof SIZES;

/** The one password of every generated account (printed by the CLI and by the demo). */
export const DEMO_PASSWORD = 'league-pulse-demo';

export interface GenerateOptions {
  /** The generation's "today" (China date): nothing later is written; reports run to the month before. */
  asOf?: string;
  /** Appends handed to the store per event-loop turn (one transaction on the embedded store). */
  batch?: number;
}

export interface GeneratedAccount {
  loginName: string;
  password: string;
  role: string;
  displayName: string;
  unit: string | null;
}

export interface GeneratedProvince {
  seed: number;
  asOf: string;
  months: string[];
  events: number;
  /** Events this run wrote (fewer than `events` when resuming an interrupted run). */
  written: number;
  provinceId: string;
  cityIds: string[];
  countyIds: string[];
  townshipIds: string[];
  organisationIds: string[];
  /** Organisations open at the end, each with the township it stands under then. */
  openOrganisations: Array<{ id: string; townshipId: string }>;
  accounts: GeneratedAccount[];
  researchRoundId: string;
  drive: DrivePlan | null;
}

export type Progress = (done: number, total: number) => void;

// ─── randomness ─────────────────────────────────────────────────────────────────────────

/** mulberry32: small, fast, and the same sequence on every machine. */
export function random(seed: number) {
  let state = seed | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  });
}
type Random = ReturnType<typeof random>;

/** An independent sequence for one (seed, a, b): reports do not depend on the order they are made in. */
function derived(seed: number, a: number, b: number): Random {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(a + 1, 0xc2b2ae35) ^ Math.imul(b + 7, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return random(h ^ (h >>> 16));
}

/** A weighted choice. */
function weighted<T extends string>(rng: Random, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = rng() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) if ((r -= w) < 0) return key;
  return entries[entries.length - 1]![0];
}

// ─── calendar (China time, UTC+8) ───────────────────────────────────────────────────────

const DAY = 86_400_000;
const chinaInstant = chinaTime;
const shiftMonth = (month: string, by: -1 | 1) => (by === 1 ? monthAfter(month) : monthBefore(month));
const laterBy = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

// ─── vocabulary ─────────────────────────────────────────────────────────────────────────

const FIRST = '东西南北上下大小新老黄白红青石柳桃杏梨枣马牛龙凤金银高平长安宁和兴福寿康乐丰富太'.split('');
const SECOND = '山河湖桥庄坪岭溪塘坝沟湾园林田坡口头营寨堡集店铺屯洲岗泉峪台'.split('');
const CITY_NAMES = [
  '青山',
  '临江',
  '云阳',
  '白水',
  '金川',
  '松岭',
  '安平',
  '长宁',
  '东原',
  '西岭',
  '南湖',
  '北固',
  '清河',
  '丰泽',
  '永安',
  '凤鸣',
  '宝泉',
  '龙溪',
  '石门',
  '桃源',
];
const FIELD_WEIGHTS: Record<BranchField, number> = {
  village: 50,
  enterprise: 10,
  cooperative: 8,
  community: 7,
  publicInstitution: 4,
  governmentOrgan: 2,
  agriculturalBase: 5,
  commerce: 4,
  socialOrganisation: 3,
  interestGroup: 3,
  graduateVillageOfficials: 1.5,
  threeSupportsOneAid: 1.5,
  westernVolunteers: 1,
};
const ORG_NAME: Record<BranchField, (place: string, town: string, rng: Random) => string> = {
  village: (place) => `${place}村团支部`,
  enterprise: (place, _t, rng) => `${place}${rng.pick(['科技', '食品', '建材', '物流', '电子', '纺织', '机械'])}有限公司团支部`,
  cooperative: (place, _t, rng) => `${place}${rng.pick(['果蔬', '茶叶', '养殖', '花卉', '粮油', '食用菌'])}专业合作社团支部`,
  agriculturalBase: (place, _t, rng) => `${place}${rng.pick(['蔬菜', '水果', '中药材', '茶叶', '稻虾'])}产业基地团支部`,
  community: (place) => `${place}社区团支部`,
  publicInstitution: (_p, town, rng) => `${town}${rng.pick(['卫生院', '中心小学', '初级中学', '农技站', '文化站'])}团支部`,
  governmentOrgan: (_p, town, rng) => `${town}${rng.pick(['机关', '人民政府', '便民服务中心'])}团支部`,
  commerce: (place, _t, rng) => `${place}${rng.pick(['商贸城', '农贸市场', '电商中心'])}团支部`,
  socialOrganisation: (place, _t, rng) => `${place}${rng.pick(['青年志愿者协会', '乡贤理事会', '青年创业协会'])}团支部`,
  interestGroup: (place, _t, rng) => `${place}${rng.pick(['篮球', '书法', '舞蹈', '摄影', '龙舟'])}协会团支部`,
  graduateVillageOfficials: (_p, town) => `${town}大学生村官团支部`,
  westernVolunteers: (_p, town) => `${town}西部计划志愿者团支部`,
  threeSupportsOneAid: (_p, town) => `${town}“三支一扶”人员团支部`,
};
const ACTIVITIES = [
  '青年志愿服务日',
  '乡村振兴青年说',
  '电商直播培训',
  '清明祭扫英烈',
  '五四青年座谈会',
  '暑期关爱留守儿童',
  '青春健步走',
  '返乡青年联谊会',
  '农技知识讲座',
  '垃圾分类宣传',
  '防溺水安全教育',
  '重阳敬老志愿服务',
  '读书分享会',
  '篮球友谊赛',
];
const PAIRING_NOTES = ['结对返乡创业青年', '帮扶困难青年就业', '结对留守儿童', '联系在外务工青年', '帮助青年申请创业贷款', ''];
const SERVICES = [
  '联系农技站开展种植培训',
  '帮助村民网上销售农产品',
  '为留守老人修缮房屋',
  '组织义诊进村',
  '协调解决青年就业岗位',
  '清理村道垃圾',
  '开办暑期托管班',
  '代办社保业务',
];
const FREE_TEXT = [
  '希望开展电商培训',
  '希望多组织文体活动',
  '希望提供创业贷款政策咨询',
  '关注留守儿童课后托管',
  '希望举办青年联谊活动',
  '需要技能培训和就业信息',
  '希望改善村里的活动场地',
  '',
  '',
  '',
];
const RETURN_REASONS = [
  '请补充五个一活动的具体内容',
  '团员人数与上月差异较大,请核实',
  '活动日期不在所报月份,请更正',
  '请补充青年需求调查的人数',
  '服务青年办实事内容过于简略',
];
const OVERRIDE_REASONS = ['已制定整改计划并落实', '支部书记调整期间,临时情况', '已完成换届,组织健全', '实地核查情况好于报表'];
const FINDINGS: Record<FindingTopic, string[]> = {
  youthDistribution: [
    '青年多在县城和沿海务工,春节前后集中返乡',
    '本地青年主要集中在农村专业合作社和农业产业基地',
    '留在村里的青年以返乡创业者和电商从业者为主',
  ],
  gathering: ['青年常在农村专业合作社和电商服务站聚集', '篮球场和村文化广场是青年晚上聚集的地方', '青年多通过微信群和短视频平台联系'],
  prosperity: ['茶叶和果蔬合作社带动青年增收', '电商直播帮助青年销售农产品', '乡村旅游和民宿成为青年致富的新路径'],
  buildingModes: ['依托农村专业合作社建团效果较好', '区域建团把分散的青年组织起来', '联合建团适合规模较小的企业'],
};
const PLACES = ['乡镇团委会议室', '村委会议室', '合作社办公室', '县委会议室', '产业基地现场', '党群服务中心'];

type Quality = 'excellent' | 'good' | 'fair' | 'weak' | 'dormant';
const QUALITY: Record<Quality, { report: number; late: number; item: number; meeting: number; lecture: number; members: [number, number] }> = {
  excellent: { report: 0.995, late: 0.02, item: 0.97, meeting: 0.97, lecture: 0.7, members: [10, 40] },
  good: { report: 0.97, late: 0.08, item: 0.85, meeting: 0.88, lecture: 0.45, members: [6, 30] },
  fair: { report: 0.9, late: 0.2, item: 0.6, meeting: 0.6, lecture: 0.25, members: [4, 20] },
  weak: { report: 0.7, late: 0.4, item: 0.3, meeting: 0.3, lecture: 0.1, members: [2, 12] },
  dormant: { report: 0.25, late: 0.6, item: 0.12, meeting: 0.1, lecture: 0.03, members: [1, 5] },
};

// ─── the plan: who exists, from when, how well they work ────────────────────────────────

interface PlannedUnit {
  index: number;
  id: string;
  code: string;
  kind: UnitKind;
  name: string;
  parentId: string | null;
  openedOn: string;
  township: TownshipProfile | null;
  organisation: OrganisationClass | null;
  /** Organisations only. */
  quality: Quality;
  closedOn: string | null;
  /** Township managers' user ids (reports are filed and decided by the township committee). */
  managerId: string | null;
  /** Organisations moved to another township during the year. */
  movedTo: { on: string; townshipId: string } | null;
}

interface Timed {
  at: string;
  stream: string;
  event: EventToAppend;
}

export async function generateProvince(
  store: EventStore,
  sizeOrName: ProvinceSize | SizeName = 'full',
  seed = 2026,
  progress: Progress = () => {},
  options: GenerateOptions = {},
): Promise<GeneratedProvince> {
  const size = typeof sizeOrName === 'string' ? SIZES[sizeOrName] : sizeOrName;
  const asOf = options.asOf ?? systemClock.today();
  const asOfEnd = chinaInstant(addDays(asOf, 1), 0); // nothing at or after midnight ending asOf
  const lastMonth = shiftMonth(asOf.slice(0, 7), -1);
  const months = monthsUpTo(lastMonth, size.months);
  // The tree stands from the first reported month, or from the start of the drive's year when that is earlier.
  const driveYear = asOf >= `${asOf.slice(0, 4)}-06-18` ? Number(asOf.slice(0, 4)) : Number(asOf.slice(0, 4)) - 1;
  const startDate = [`${months[0]}-01`, `${driveYear}-01-01`].sort()[0]!;
  const rng = random(seed);
  const id = (name: string) => uuidFromName(`lp-demo:${seed}:${name}`);
  const prefix = seed === 2026 ? '' : `s${seed}-`;

  // Accounts: the administrator, managers of the first unit of each level, a manager per township, researchers.
  const passwordHash = demoPasswordHash(DEMO_PASSWORD, seed);
  const accounts: GeneratedAccount[] = [];
  const accountEvents: Timed[] = [];
  const adminLogin = `${prefix}admin`;
  const adminId = accountId(adminLogin);
  // Before the first month: the administrator (day -30), settings (-29), the tree (-28, one unit a
  // second, parents first), standards (-21), invitations (-20).
  const setupAt = chinaInstant(addDays(startDate, -30), 9);
  const invitedFrom = chinaInstant(addDays(startDate, -20), 9);
  const meta = (actor: string, submissionId: string, serverTime: string, clientTime: string | null = null): Omit<EventMetadata, 'schemaVersion'> => ({
    actor,
    correlationId: id(`correlation:${submissionId}`),
    causationId: submissionId,
    clientSubmissionId: submissionId,
    clientTime,
    serverTime,
  });
  const push = (list: Timed[], stream: string, submissionId: string, event: DomainEvent, actor: string, at: string, clientTime: string | null = null) =>
    list.push({ at, stream, event: encode(event, submissionId, meta(actor, submissionId, at, clientTime)) });

  push(
    accountEvents,
    'system-setup',
    id('setup'),
    { type: 'AdministratorSetUp', data: { userId: adminId, loginName: adminLogin, displayName: '系统管理员', passwordHash } },
    adminId,
    setupAt,
  );
  accounts.push({ loginName: adminLogin, password: DEMO_PASSWORD, role: 'administrator', displayName: '系统管理员', unit: null });
  let accountCount = 0;
  const invite = (
    loginName: string,
    displayName: string,
    role: 'manager' | 'secretary' | 'researcher',
    unitIds: string[],
    unitName: string | null,
    listed: boolean,
  ) => {
    const userId = accountId(loginName);
    const at = laterBy(invitedFrom, ++accountCount * 1000);
    push(
      accountEvents,
      accountStream(userId),
      id(`invite:${loginName}`),
      {
        type: 'UserInvited',
        data: {
          userId,
          loginName,
          displayName,
          role,
          unitIds,
          tokenHash: createHash('sha256').update(`lp-demo:${seed}:token:${loginName}`).digest('hex'),
          expiresAt: laterBy(at, 14 * DAY),
        },
      },
      adminId,
      at,
    );
    push(
      accountEvents,
      accountStream(userId),
      id(`accept:${loginName}`),
      { type: 'InvitationAccepted', data: { userId, passwordHash } },
      userId,
      laterBy(at, 3_600_000),
    );
    if (listed) accounts.push({ loginName, password: DEMO_PASSWORD, role, displayName, unit: unitName });
    return userId;
  };

  // The tree.
  const units: PlannedUnit[] = [];
  const add = (unit: Omit<PlannedUnit, 'index' | 'quality' | 'closedOn' | 'managerId' | 'movedTo'> & Partial<PlannedUnit>) => {
    const full: PlannedUnit = { index: units.length, quality: 'good', closedOn: null, managerId: null, movedTo: null, ...unit };
    units.push(full);
    return full;
  };
  const province = add({
    id: id('unit:P'),
    code: `${prefix}P`,
    kind: 'province',
    name: '示范省',
    parentId: null,
    openedOn: startDate,
    township: null,
    organisation: null,
  });
  const lastDay = monthEnd(months[months.length - 1]!);
  const dayWithin = (r: Random, from: string, to: string) => addDays(from, Math.floor(r() * Math.max(1, (Date.parse(to) - Date.parse(from)) / DAY)));
  const townshipsByCounty = new Map<string, PlannedUnit[]>();
  const organisations: PlannedUnit[] = [];
  for (let c = 1; c <= size.cities; c++) {
    const cityName = `${CITY_NAMES[(c - 1) % CITY_NAMES.length]!}${c > CITY_NAMES.length ? c : ''}市`;
    const city = add({
      id: id(`unit:C${c}`),
      code: `${prefix}C${c}`,
      kind: 'city',
      name: cityName,
      parentId: province.id,
      openedOn: startDate,
      township: null,
      organisation: null,
    });
    for (let x = 1; x <= size.countiesPerCity; x++) {
      const countyName = `${rng.pick(FIRST)}${rng.pick(SECOND)}${x % 3 === 0 ? '区' : '县'}`;
      const county = add({
        id: id(`unit:C${c}X${x}`),
        code: `${prefix}C${c}X${x}`,
        kind: 'county',
        name: countyName,
        parentId: city.id,
        openedOn: startDate,
        township: null,
        organisation: null,
      });
      const townships: PlannedUnit[] = [];
      townshipsByCounty.set(county.id, townships);
      const usedNames = new Set<string>();
      for (let t = 1; t <= size.townshipsPerCounty; t++) {
        let place: string;
        do place = `${rng.pick(FIRST)}${rng.pick(SECOND)}`;
        while (usedNames.has(place));
        usedNames.add(place);
        const band = weighted(rng, { small: 45, middle: 35, large: 20 });
        const population = band === 'small' ? rng.int(12_000, 49_999) : band === 'middle' ? rng.int(50_000, 100_000) : rng.int(100_001, 180_000);
        const suffix = rng.chance(0.15) ? '街道' : rng.chance(0.2) ? '乡' : '镇';
        const code = `${prefix}C${c}X${x}T${t}`;
        const township = add({
          id: id(`unit:${code}`),
          code,
          kind: 'township',
          name: `${place}${suffix}团${suffix === '街道' ? '工委' : '委'}`,
          parentId: county.id,
          openedOn: startDate,
          township: { population, committeeMembers: rng.int(3, band === 'large' ? 21 : band === 'middle' ? 15 : 9), annualFunding: rng.int(2, 12) * 5_000 },
          organisation: null,
        });
        townships.push(township);
        const count = Math.max(2, Math.round(size.organisationsPerTownship * (0.6 + 0.8 * rng())));
        const villages = new Set<string>();
        for (let o = 1; o <= count; o++) {
          const field = weighted(rng, FIELD_WEIGHTS);
          let village: string;
          do village = `${rng.pick(FIRST)}${rng.pick(SECOND)}`;
          while (villages.has(village) && villages.size < 1000);
          villages.add(village);
          const buildingMode: BuildingMode = field === 'village' ? (rng.chance(0.8) ? 'independent' : 'regional') : rng.pick(buildingModes);
          // Most existed before the year; some were opened during it ("new" organisations).
          const isNew = rng.chance(0.06);
          const openedOn = isNew ? dayWithin(rng, `${months[Math.min(1, months.length - 1)]}-01`, lastDay) : startDate;
          const oc = `${code}O${o}`;
          const unit = add({
            id: id(`unit:${oc}`),
            code: oc,
            kind: 'organisation',
            name: ORG_NAME[field](village, place + suffix, rng),
            parentId: township.id,
            openedOn,
            township: null,
            organisation: { field, buildingMode },
            quality: weighted(rng, { excellent: 28, good: 36, fair: 22, weak: 10, dormant: 4 }),
          });
          organisations.push(unit);
        }
      }
    }
  }
  const counties = units.filter((u) => u.kind === 'county');
  const townships = units.filter((u) => u.kind === 'township');
  const cities = units.filter((u) => u.kind === 'city');
  const unitById = new Map(units.map((u) => [u.id, u]));

  // Managers: one for the province, the first city and county, every township (reports are filed by the township committee).
  invite(`${prefix}sheng`, '团省委组织部', 'manager', [province.id], province.name, true);
  invite(`${prefix}city1`, `${cities[0]!.name}团委`, 'manager', [cities[0]!.id], cities[0]!.name, true);
  invite(`${prefix}county1`, `${counties[0]!.name}团委`, 'manager', [counties[0]!.id], counties[0]!.name, true);
  townships.forEach((township, i) => {
    township.managerId = invite(township.code.toLowerCase(), township.name, 'manager', [township.id], township.name, i === 0);
  });
  const firstOrg = organisations.find((o) => o.openedOn === startDate)!;
  invite(`${prefix}branch1`, `${firstOrg.name}书记`, 'secretary', [firstOrg.id], firstOrg.name, true);

  // Standards, profiles and changes during the year (dated, so the as-of views have history).
  const treeEvents: Timed[] = [];
  const openAt = (on: string, i: number) => (on === startDate ? laterBy(chinaInstant(addDays(startDate, -28), 8), i * 1000) : laterBy(chinaInstant(on, 9), i));
  const unitEvent = (unit: PlannedUnit, suffix: string, event: DomainEvent, at: string, actor = adminId) =>
    push(treeEvents, unitStream(unit.id), id(`${unit.code}:${suffix}`), event, actor, at);
  for (const unit of units) {
    unitEvent(
      unit,
      'open',
      {
        type: 'UnitOpened',
        data: {
          unitId: unit.id,
          kind: unit.kind,
          parentId: unit.parentId,
          name: unit.name,
          code: unit.code,
          on: unit.openedOn,
          township: unit.township,
          organisation: unit.organisation,
        },
      },
      openAt(unit.openedOn, unit.index),
    );
  }
  const sixHasKeys = DEFAULT_SIX_HAS.map((item) => item.key);
  const standardsFor = (unit: PlannedUnit, r: Random): Standards => {
    const q = QUALITY[unit.quality].item;
    const affiliated = unit.organisation!.field !== 'village';
    return {
      registration: affiliated ? { document: r.chance(0.85), filing: r.chance(0.75), plaque: r.chance(0.7) } : { document: true, filing: true, plaque: true },
      fiveHas: { venue: r.chance(q), supplies: r.chance(q), rules: r.chance(0.9), divisionOfWork: r.chance(q), workPlan: r.chance(q) },
      fourHas: { organisation: r.chance(0.5 + q / 2), venue: r.chance(q), activities: r.chance(q), results: r.chance(q) },
      sixHas: sixHasKeys.filter(() => r.chance(q)),
    };
  };
  for (const org of organisations) {
    const r = derived(seed, org.index, 1000);
    if (r.chance(0.6)) {
      const at =
        org.openedOn === startDate ? laterBy(chinaInstant(addDays(startDate, -21), 8), org.index * 500) : laterBy(openAt(org.openedOn, org.index), 7 * DAY);
      unitEvent(org, 'standards', { type: 'StandardsRecorded', data: { unitId: org.id, standards: standardsFor(org, r), on: org.openedOn } }, at);
    }
    if (org.openedOn !== startDate) continue;
    const change = r();
    const on = dayWithin(r, `${months[Math.min(1, months.length - 1)]}-01`, lastDay);
    const at = chinaInstant(on, 10, r.int(0, 59));
    const township = unitById.get(org.parentId!)!;
    if (change < 0.008) {
      org.closedOn = on;
      unitEvent(org, 'close', { type: 'UnitClosed', data: { unitId: org.id, on, reason: r.pick(['企业关停', '村组合并', '合作社注销', '团员全部转出']) } }, at);
    } else if (change < 0.012) {
      const siblings = townshipsByCounty.get(township.parentId!)!.filter((t) => t !== township);
      const to = siblings.length ? r.pick(siblings) : null;
      if (to) {
        org.movedTo = { on, townshipId: to.id };
        unitEvent(org, 'move', { type: 'UnitMoved', data: { unitId: org.id, fromParentId: township.id, toParentId: to.id, on } }, at);
      }
    } else if (change < 0.016) {
      unitEvent(org, 'rename', { type: 'UnitRenamed', data: { unitId: org.id, name: org.name.replace(/团支部$/, '联合团支部'), on } }, at);
    } else if (change < 0.02 && org.organisation!.field !== 'village') {
      unitEvent(
        org,
        'reclassify',
        { type: 'UnitReclassified', data: { unitId: org.id, organisation: { field: org.organisation!.field, buildingMode: 'joint' }, on } },
        at,
      );
    } else if (change < 0.08) {
      unitEvent(org, 'standards2', { type: 'StandardsRecorded', data: { unitId: org.id, standards: standardsFor(org, r), on } }, at);
    }
  }
  for (const township of townships) {
    const r = derived(seed, township.index, 2000);
    if (r.chance(0.1)) {
      const on = dayWithin(r, `${months[0]}-01`, lastDay);
      unitEvent(
        township,
        'profile',
        {
          type: 'TownshipProfileRecorded',
          data: { unitId: township.id, township: { ...township.township!, committeeMembers: township.township!.committeeMembers! + 2 }, on },
        },
        chinaInstant(on, 11),
      );
    }
  }
  push(
    treeEvents,
    `sixhas-${province.id}`,
    id('sixhas'),
    { type: 'SixHasConfigured', data: { provinceId: province.id, items: DEFAULT_SIX_HAS } },
    adminId,
    laterBy(setupAt, 2.5 * DAY),
  );
  push(
    treeEvents,
    `settings-${province.id}`,
    id('settings'),
    { type: 'ReportingSettingsConfigured', data: { provinceId: province.id, settings: DEFAULT_SETTINGS } },
    adminId,
    laterBy(setupAt, 2.5 * DAY + 60_000),
  );

  // Monthly reports: each (organisation, month) from its own random sequences: `r` decides what
  // happens and when, `c` what is written, so counting (without the content) sees the same events.
  const reportEventsOf = (org: PlannedUnit, m: number, dryRun: boolean): Timed[] => {
    const month = months[m]!;
    const out: Timed[] = [];
    if (org.openedOn > monthEnd(month) || (org.closedOn !== null && org.closedOn <= monthEnd(month))) return out;
    const r = derived(seed, org.index, m);
    const q = QUALITY[org.quality];
    if (!r.chance(q.report)) return out;
    const due = `${shiftMonth(month, 1)}-05`;
    const late = r.chance(q.late);
    const submitDay = late ? addDays(due, r.int(1, 20)) : addDays(due, -r.int(0, 8));
    const offline = r.chance(0.03);
    const receivedAt = chinaInstant(offline ? addDays(submitDay, r.int(1, 6)) : submitDay, r.int(8, 21), r.int(0, 59), r.int(0, 59));
    const submittedAt = offline ? chinaInstant(submitDay, r.int(8, 21), r.int(0, 59)) : receivedAt;
    const corrected = r.chance(0.03);
    const returned = !corrected && r.chance(0.03);
    const decided = r.chance(0.75);
    const overridden = (org.quality === 'weak' || org.quality === 'dormant') && m >= months.length - 3 && r.chance(0.05);
    const times = {
      correction: r.int(1, 5) * DAY + r.int(0, 36_000_000),
      returned: r.int(1, 4) * DAY,
      resubmitted: r.int(1, 5) * DAY,
      decided: r.int(1, 10) * DAY + r.int(0, 20_000_000),
      override: r.int(1, 6) * DAY,
    };
    const c = dryRun ? null : derived(seed, org.index, 500 + m);
    const township = org.movedTo && org.movedTo.on <= monthEnd(month) ? org.movedTo.townshipId : org.parentId!;
    const manager = unitById.get(township)!.managerId!;
    const stream = reportStream(org.id, month);
    const add = (at: string, streamName: string, submissionId: string, event: () => DomainEvent, clientTime: string | null = null) => {
      if (dryRun) out.push({ at, stream: streamName, event: null as unknown as EventToAppend });
      else push(out, streamName, submissionId, event(), manager, at, clientTime);
    };
    const content = c ? reportContent(org, month, c) : null;
    let current: string | null = null;
    const submit = (n: number, at: string, clientTime: string | null, report: () => MonthlyReportContent) => {
      const reportId = id(`report:${org.code}:${month}:${n}`);
      const supersedes = current;
      add(
        at,
        stream,
        reportId,
        () => ({ type: 'MonthlyReportSubmitted', data: { reportId, unitId: org.id, month, report: report(), supersedes, submittedAt: clientTime ?? at } }),
        clientTime,
      );
      current = reportId;
    };
    submit(0, receivedAt, offline ? submittedAt : null, () => content!);
    let at = receivedAt;
    if (corrected) {
      at = laterBy(at, times.correction);
      submit(1, at, null, () => ({ ...content!, volunteers: content!.volunteers + 2, talks: { count: content!.talks.count + 1 } }));
    }
    if (returned) {
      at = laterBy(at, times.returned);
      const reportId = current!;
      add(at, stream, id(`return:${org.code}:${month}`), () => ({
        type: 'MonthlyReportReturned',
        data: { unitId: org.id, month, reportId, reason: c!.pick(RETURN_REASONS) },
      }));
      at = laterBy(at, times.resubmitted);
      submit(2, at, null, () => ({ ...content!, survey: { ...content!.survey, freeText: content!.survey.freeText || '已按要求补充' } }));
    }
    if (decided) {
      at = laterBy(at, times.decided);
      const reportId = current!;
      add(at, stream, id(`approve:${org.code}:${month}`), () => ({ type: 'MonthlyReportApproved', data: { unitId: org.id, month, reportId } }));
    }
    if (overridden) {
      add(laterBy(at, times.override), `health-${org.id}-${month}`, id(`override:${org.code}:${month}`), () => ({
        type: 'HealthClassOverridden',
        data: { unitId: org.id, month, healthClass: c!.pick<HealthClass>(['improve', 'rectify']), reason: c!.pick(OVERRIDE_REASONS) },
      }));
    }
    return out.filter((timed) => timed.at < asOfEnd);
  };

  // Research: a round declared by the province, one team per city (three researchers), counties as regions.
  const researchEvents: Timed[] = [];
  const roundId = id('round:1');
  const roundStart = `${months[Math.max(0, months.length - 4)]}-01`;
  const roundEnd = monthEnd(months[months.length - 1]!);
  const roundAt = chinaInstant(addDays(roundStart, -3), 10);
  push(
    researchEvents,
    `round-${roundId}`,
    roundId,
    {
      type: 'ResearchRoundDeclared',
      data: { roundId, unitId: province.id, name: `${months[months.length - 1]!.slice(0, 4)}年“大团委”建设专题调研`, startsOn: roundStart, endsOn: roundEnd },
    },
    adminId,
    roundAt,
  );
  const teamsPerCity = Math.ceil(size.researchTeams / cities.length);
  for (let t = 0; t < size.researchTeams; t++) {
    const city = cities[t % cities.length]!;
    const share = Math.floor(t / cities.length);
    const inCity = counties.filter((county) => county.parentId === city.id);
    // Several teams in one city share its counties, or its townships when counties are fewer.
    const pool = inCity.length >= teamsPerCity ? inCity : townships.filter((township) => inCity.some((county) => county.id === township.parentId));
    const regions = pool.filter((_, i) => i % teamsPerCity === share);
    if (regions.length === 0) continue;
    const members = [1, 2, 3].map((k) => invite(`${prefix}r${t + 1}-${k}`, `调研员${t + 1}-${k}`, 'researcher', [city.id], city.name, t === 0 && k === 1));
    const teamId = id(`team:${t}`);
    const teamAt = laterBy(roundAt, (t + 1) * 3_600_000);
    push(
      researchEvents,
      `team-${teamId}`,
      teamId,
      {
        type: 'ResearchTeamFormed',
        data: { teamId, roundId, name: `第${t + 1}调研组(${city.name})`, memberIds: members, regionIds: regions.map((r) => r.id) },
      },
      adminId,
      teamAt,
    );
    const r = derived(seed, t, 3000);
    for (const region of regions) {
      for (const item of researchItems) {
        if (!r.chance(0.8)) continue;
        const date = dayWithin(r, roundStart, roundEnd);
        const recordId = id(`visit:${t}:${region.code}:${item}`);
        const topics = findingTopics.filter(() => r.chance(0.5));
        const findings = (topics.length ? topics : [r.pick(findingTopics)]).map((topic) => ({ topic, text: `${region.name}${r.pick(FINDINGS[topic])}` }));
        const at = chinaInstant(date, r.int(15, 21), r.int(0, 59));
        push(
          researchEvents,
          `visit-${recordId}`,
          recordId,
          {
            type: 'VisitItemRecorded',
            data: {
              recordId,
              roundId,
              teamId,
              regionId: region.id,
              item,
              date,
              place: `${region.name}${r.pick(PLACES)}`,
              participants: { count: r.int(3, 30), who: '县委分管领导、乡镇党委书记、团干部和青年代表' },
              notes: `在${region.name}开展${item === 'grassrootsVisit' ? '实地走访' : '座谈'},了解青年分布和建团情况。`,
              findings,
              recommendations: r.chance(0.6) ? '建议依托合作社和产业基地扩大团的组织覆盖' : '',
              location: null,
            },
          },
          r.pick(members),
          at,
          at,
        );
      }
    }
  }

  // The 100-day drive, when the catalog has it (written last).
  const organisationsOf = Map.groupBy(
    organisations.filter((o) => o.closedOn === null),
    (o) => o.parentId!,
  );
  const drive = await driveEvents({
    seed,
    id,
    meta,
    random: derived(seed, 0, 9000),
    asOf,
    asOfEnd,
    provinceId: province.id,
    adminId,
    cities: cities.map((c) => ({ id: c.id, name: c.name })),
    counties: counties.map((c) => ({ id: c.id, name: c.name, cityId: c.parentId! })),
    townships: townships.map((t) => ({
      id: t.id,
      name: t.name,
      managerId: t.managerId!,
      countyId: t.parentId!,
      population: t.township!.population!,
      committeeMembers: t.township!.committeeMembers!,
      funding: t.township!.annualFunding!,
      organisations: (organisationsOf.get(t.id) ?? []).map((o) => ({
        id: o.id,
        quality: o.quality,
        village: o.organisation!.field === 'village',
        openedOn: o.openedOn,
      })),
    })),
  });

  // Count first (exactly: the same decisions without the content), so progress has a total.
  const monthsStart = chinaInstant(`${months[0]}-01`, 0);
  const others = [...accountEvents, ...treeEvents, ...researchEvents].filter((timed) => timed.at < asOfEnd);
  let total = others.length + (drive?.events.length ?? 0);
  for (const org of organisations) for (let m = 0; m < months.length; m++) total += reportEventsOf(org, m, true).length;
  let done = 0;
  let written = 0;
  const batch = options.batch ?? 2000;
  const write = async (events: Timed[]) => {
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (let i = 0; i < events.length; i += batch) {
      const slice = events.slice(i, i + batch);
      const before = await store.lastPosition();
      await Promise.all(slice.map((timed) => store.append(timed.stream, [timed.event], { expectedRevision: 'any' })));
      // An event an earlier (interrupted) run already wrote returns its receipt and writes nothing.
      const after = await store.lastPosition();
      if (store.kind === 'sqlite') written += Number((after ?? 0n) - (before ?? 0n));
      done += slice.length;
      progress(done, total);
    }
  };
  progress(0, total);
  await write(others.filter((timed) => timed.at < monthsStart));
  // Calendar month by calendar month: its tree changes and research, and the previous month's reports.
  for (let k = 0; k <= months.length; k++) {
    const from = k === 0 ? monthsStart : chinaInstant(`${shiftMonth(months[k - 1]!, 1)}-01`, 0);
    const to = k === months.length ? '9999' : chinaInstant(`${shiftMonth(months[k]!, 1)}-01`, 0);
    const phase = others.filter((timed) => timed.at >= from && timed.at < to);
    if (k > 0) for (const org of organisations) phase.push(...reportEventsOf(org, k - 1, false));
    await write(phase);
  }
  if (drive) await write(drive.events);
  if (store.kind !== 'sqlite') written = done;
  progress(total, total);

  return {
    seed,
    asOf,
    months,
    events: total,
    written,
    provinceId: province.id,
    cityIds: cities.map((u) => u.id),
    countyIds: counties.map((u) => u.id),
    townshipIds: townships.map((u) => u.id),
    organisationIds: organisations.map((u) => u.id),
    openOrganisations: organisations.filter((o) => o.closedOn === null).map((o) => ({ id: o.id, townshipId: o.movedTo?.townshipId ?? o.parentId! })),
    accounts,
    researchRoundId: roundId,
    drive: drive?.plan ?? null,
  };
}

/** What a branch of this quality would report for the month. */
function reportContent(org: PlannedUnit, month: string, r: Random): MonthlyReportContent {
  const q = QUALITY[org.quality];
  const held = r.chance(q.item);
  const respondents = r.chance(q.item) ? r.int(5, 60) : 0;
  const categories = DEFAULT_SETTINGS.needCategories
    .map((c) => c.key)
    .filter(() => r.chance(0.35))
    .slice(0, 5);
  const serviceDone = r.chance(q.item);
  const members = r.int(q.members[0], q.members[1]);
  const sessions = r.chance(q.item * 0.6) ? r.int(1, 3) : 0;
  const meeting = r.chance(q.meeting);
  return {
    activity: held
      ? { held, title: r.pick(ACTIVITIES), date: `${month}-${String(r.int(1, 28)).padStart(2, '0')}`, participants: r.int(5, 60) }
      : { held, title: '', date: null, participants: 0 },
    pairing: r.chance(q.item) ? { youthPaired: r.int(1, 6), note: r.pick(PAIRING_NOTES) } : { youthPaired: 0, note: '' },
    survey: {
      respondents,
      needs: respondents ? categories.map((category) => ({ category, count: r.int(1, respondents) })) : [],
      freeText: respondents ? r.pick(FREE_TEXT) : '',
    },
    service: serviceDone ? { done: true, what: r.pick(SERVICES), beneficiaries: r.int(3, 80) } : { done: false, what: '', beneficiaries: 0 },
    talks: { count: r.chance(q.item) ? r.int(1, 8) : 0 },
    meetings: {
      committee: meeting ? r.int(1, 2) : 0,
      assembly: meeting && r.chance(0.5) ? 1 : 0,
      group: meeting ? r.int(0, 3) : 0,
      lecture: r.chance(q.lecture) ? 1 : 0,
      evaluationRule: r.chance(q.item),
      registrationRule: r.chance(q.item),
    },
    members: { leagueMembers: members, youthUnder35: members + r.int(5, 80) },
    workManualInUse: r.chance(q.item),
    volunteers: r.int(0, 30),
    training: sessions ? { sessions, people: r.int(5, 50), hours: sessions * r.int(1, 4) } : { sessions: 0, people: 0, hours: 0 },
  };
}

/**
 * The stored form of the demo password: scrypt with the API's cost and format, but a salt
 * derived from the seed, so the same seed writes the same event. Demo accounts only.
 */
export function demoPasswordHash(password: string, seed: number): string {
  const N = 2 ** 15,
    r = 8,
    p = 1;
  const salt = createHash('sha256').update(`lp-demo-salt:${seed}`).digest().subarray(0, 16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// ─── progress bar and command line ──────────────────────────────────────────────────────

/** A progress bar on stderr: events written of the total, rate, time left. */
export function progressBar(label = 'writing') {
  const start = performance.now();
  let lastDraw = 0;
  let finished = false;
  return (done: number, total: number) => {
    const now = performance.now();
    if (finished || (done < total && now - lastDraw < 200)) return;
    finished = done >= total;
    lastDraw = now;
    const seconds = (now - start) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const share = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const time = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')} / ${total.toLocaleString('en')} events  ${Math.round(rate).toLocaleString('en')}/s  ${done < total ? `ETA ${time(eta)}` : `in ${time(seconds)}`}   `,
    );
    if (done >= total) process.stderr.write('\n');
  };
}

export function describeSignIns(province: GeneratedProvince): string {
  const width = Math.max(...province.accounts.map((a) => a.loginName.length));
  return province.accounts.map((a) => `  ${a.loginName.padEnd(width)}  ${a.password}  ${a.role}${a.unit ? ` · ${a.unit}` : ''}`).join('\n');
}

async function main() {
  const { parseArgs } = await import('node:util');
  const { loadConfig } = await import('../runtime/config.ts');
  const { openStore } = await import('../runtime/start.ts');
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      size: { type: 'string', default: 'full' },
      seed: { type: 'string', default: '2026' },
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const size = values.size as SizeName;
  if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const config = loadConfig({ ...process.env, ...(values.out ? { DATA_DIR: values.out } : {}) });
  const store = openStore(config);
  try {
    const last = await store.lastPosition();
    if (last !== null && !values.force) {
      console.error(`${config.dataDir}: the log already holds ${last} events; use an empty DATA_DIR (or --force to add the province's missing events)`);
      process.exitCode = 1;
      return;
    }
    console.error(
      `generating the ${size} province (seed ${values.seed}${values['as-of'] ? `, as of ${values['as-of']}` : ''}) into ${store.kind === 'sqlite' ? config.dataDir : 'EventStoreDB'}`,
    );
    const result = await generateProvince(store, size, Number(values.seed), progressBar(), { asOf: values['as-of'] });
    console.log(
      `${result.events.toLocaleString('en')} events (${result.written.toLocaleString('en')} written now), months ${result.months[0]} to ${result.months[result.months.length - 1]}, as of ${result.asOf}`,
    );
    console.log(`${result.townshipIds.length} townships, ${result.organisationIds.length} organisations. Sign in with:\n${describeSignIns(result)}`);
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
