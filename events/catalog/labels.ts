/**
 * The catalog's vocabulary in the two languages of the product (zh-CN first, English
 * second): names of form fields and of the enumerations, shared by API messages and pages.
 */
import type { Role } from './account.ts';
import type { BranchField, BuildingMode } from './branch.ts';
import type { DeliverableKind, PhaseKey } from './campaign.ts';
import type { UnitKind } from './organisation.ts';
import type { HealthClass } from './report.ts';
import type { FindingTopic, ResearchItem } from './research.ts';

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

type Bilingual = Record<Locale, string>;

export const branchFieldLabels: Record<BranchField, Bilingual> = {
  village: { 'zh-CN': '村团支部', en: 'Village branch' },
  governmentOrgan: { 'zh-CN': '机关', en: 'Government organ' },
  publicInstitution: { 'zh-CN': '事业单位', en: 'Public institution' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  commerce: { 'zh-CN': '商贸', en: 'Commerce and trade' },
  agriculturalBase: { 'zh-CN': '农业产业基地', en: 'Agricultural industrial base' },
  cooperative: { 'zh-CN': '农村专业合作社', en: 'Rural co-operative' },
  community: { 'zh-CN': '居民社区', en: 'Residential community' },
  socialOrganisation: { 'zh-CN': '社会组织', en: 'Social organisation' },
  interestGroup: { 'zh-CN': '文体兴趣团体', en: 'Culture, sports and interest group' },
  graduateVillageOfficials: { 'zh-CN': '大学生村官', en: 'College-graduate village officials' },
  westernVolunteers: { 'zh-CN': '西部计划志愿者', en: 'Western-region volunteers' },
  threeSupportsOneAid: { 'zh-CN': '“三支一扶”人员', en: '"Three supports, one aid" graduates' },
};

export const buildingModeLabels: Record<BuildingMode, Bilingual> = {
  independent: { 'zh-CN': '独立建团', en: 'Independent' },
  joint: { 'zh-CN': '联合建团', en: 'Joint' },
  affiliated: { 'zh-CN': '挂靠建团', en: 'Affiliated' },
  dependent: { 'zh-CN': '依托建团', en: 'Hosted (dependent)' },
  regional: { 'zh-CN': '区域建团', en: 'Regional' },
  interest: { 'zh-CN': '兴趣建团', en: 'Interest-based' },
  apartment: { 'zh-CN': '公寓建团', en: 'Apartment-based' },
  association: { 'zh-CN': '社团建团', en: 'Association-based' },
};

export const unitKindLabels: Record<UnitKind, Bilingual> = {
  province: { 'zh-CN': '省', en: 'Province' },
  city: { 'zh-CN': '市(州)', en: 'City' },
  county: { 'zh-CN': '县(区)', en: 'County' },
  township: { 'zh-CN': '乡镇(街道)团委', en: 'Township committee' },
  organisation: { 'zh-CN': '团组织', en: 'Organisation' },
};

export const roleLabels: Record<Role, Bilingual> = {
  administrator: { 'zh-CN': '系统管理员', en: 'Administrator' },
  manager: { 'zh-CN': '管理员(团委)', en: 'Manager' },
  secretary: { 'zh-CN': '团支部书记', en: 'Branch secretary' },
  researcher: { 'zh-CN': '调研组成员', en: 'Researcher' },
};

export const healthClassLabels: Record<HealthClass, Bilingual> = {
  consolidate: { 'zh-CN': '巩固', en: 'Consolidate' },
  improve: { 'zh-CN': '提高', en: 'Improve' },
  rectify: { 'zh-CN': '整顿', en: 'Rectify' },
  rebuild: { 'zh-CN': '重建', en: 'Rebuild' },
};

/** A branch's class as the health pages show it: a class, or not yet assessed (未评定: it could not yet have reported). */
export const standingLabels: Record<HealthClass | 'unassessed', Bilingual> = {
  ...healthClassLabels,
  unassessed: { 'zh-CN': '未评定', en: 'Not yet assessed' },
};

export const researchItemLabels: Record<ResearchItem, Bilingual> = {
  leaderTalk: { 'zh-CN': '与市、县党委分管领导会谈', en: 'Talk with the party committee leader in charge' },
  partySecretariesForum: { 'zh-CN': '与乡镇党委书记代表座谈', en: 'Forum with township party secretaries' },
  leagueCadresForum: { 'zh-CN': '与乡镇团委专兼职团干部代表座谈', en: 'Forum with township league cadres' },
  youthForum: { 'zh-CN': '与农村青年和农村专业合作组织负责人代表座谈', en: 'Forum with rural youth and co-operative heads' },
  grassrootsVisit: { 'zh-CN': '实地调研一批乡镇基层团组织', en: 'On-site research of grassroots organisations' },
  committeeStudy: { 'zh-CN': '对“大团委”建设工作实地研究', en: 'On-site study of the committee-building work' },
};

export const findingTopicLabels: Record<FindingTopic, Bilingual> = {
  youthDistribution: { 'zh-CN': '青年分布', en: 'Youth distribution' },
  gathering: { 'zh-CN': '聚集方式', en: 'How youth gather' },
  prosperity: { 'zh-CN': '致富路径', en: 'Paths to prosperity' },
  buildingModes: { 'zh-CN': '建团模式', en: 'Organisation-building modes' },
};

export const phaseLabels: Record<PhaseKey, Bilingual> = {
  survey: { 'zh-CN': '调查研究、制定方案', en: 'Survey and plan' },
  mobilise: { 'zh-CN': '宣传发动、整顿提高', en: 'Mobilise and rectify' },
  summarise: { 'zh-CN': '总结和巩固提高', en: 'Summarise and consolidate' },
};

export const deliverableLabels: Record<DeliverableKind, Bilingual> = {
  baseline: { 'zh-CN': '基层团组织摸底分类', en: 'Baseline of every branch' },
  rectification: { 'zh-CN': '整顿名单和整顿方案', en: 'Branches to rectify and the plan' },
  case: { 'zh-CN': '优秀案例(附件3)', en: 'Outstanding case (annex 3)' },
  summary: { 'zh-CN': '书面总结', en: 'Written summary' },
  tables: { 'zh-CN': '统计表(附件1、2)', en: 'Statistical tables (annexes 1, 2)' },
};

/** Names of the fields of commands, as a form shows them. */
export const fieldLabels: Record<string, Bilingual> = {
  submissionId: { 'zh-CN': '提交编号', en: 'Submission id' },
  name: { 'zh-CN': '名称', en: 'Name' },
  file: { 'zh-CN': '文件', en: 'File' },
  dryRun: { 'zh-CN': '检查', en: 'Dry run' },
  township: { 'zh-CN': '所属乡镇(街道)团委', en: 'Township committee' },
  field: { 'zh-CN': '所在领域', en: 'Field' },
  buildingMode: { 'zh-CN': '建团模式', en: 'Building mode' },
  clientTime: { 'zh-CN': '提交时间', en: 'Client time' },
  kind: { 'zh-CN': '层级', en: 'Level' },
  parentId: { 'zh-CN': '上级组织', en: 'Parent unit' },
  code: { 'zh-CN': '编码', en: 'Code' },
  on: { 'zh-CN': '生效日期', en: 'Effective date' },
  population: { 'zh-CN': '乡镇人口', en: 'Population' },
  committeeMembers: { 'zh-CN': '团委委员数', en: 'Committee members' },
  annualFunding: { 'zh-CN': '年度工作经费', en: 'Annual funding' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  loginName: { 'zh-CN': '用户名', en: 'Login name' },
  displayName: { 'zh-CN': '姓名', en: 'Name' },
  email: { 'zh-CN': '电子邮箱', en: 'Email' },
  phone: { 'zh-CN': '手机号', en: 'Phone' },
  password: { 'zh-CN': '密码', en: 'Password' },
  role: { 'zh-CN': '角色', en: 'Role' },
  unitIds: { 'zh-CN': '负责的组织', en: 'Units' },
  after: { 'zh-CN': '日志位置', en: 'Log position' },
  asOf: { 'zh-CN': '截至日期', en: 'As-of date' },
  q: { 'zh-CN': '搜索词', en: 'Search text' },
  month: { 'zh-CN': '月份', en: 'Month' },
  title: { 'zh-CN': '标题', en: 'Title' },
  'activity.title': { 'zh-CN': '活动名称', en: 'Activity title' },
  date: { 'zh-CN': '活动日期', en: 'Activity date' },
  participants: { 'zh-CN': '参加人数', en: 'Participants' },
  youthPaired: { 'zh-CN': '结对青年人数', en: 'Youth paired with' },
  note: { 'zh-CN': '备注', en: 'Note' },
  respondents: { 'zh-CN': '调查人数', en: 'Respondents' },
  category: { 'zh-CN': '需求分类', en: 'Need category' },
  count: { 'zh-CN': '人数', en: 'Count' },
  freeText: { 'zh-CN': '其他需求', en: 'Other needs' },
  what: { 'zh-CN': '实事内容', en: 'Service done' },
  beneficiaries: { 'zh-CN': '受益人数', en: 'Beneficiaries' },
  committee: { 'zh-CN': '支委会次数', en: 'Committee meetings' },
  assembly: { 'zh-CN': '团员大会次数', en: 'General assemblies' },
  group: { 'zh-CN': '团小组会次数', en: 'Group meetings' },
  lecture: { 'zh-CN': '团课次数', en: 'League lectures' },
  leagueMembers: { 'zh-CN': '团员人数', en: 'League members' },
  youthUnder35: { 'zh-CN': '35岁以下青年人数', en: 'Youth under 35' },
  volunteers: { 'zh-CN': '志愿者人数', en: 'Volunteers' },
  sessions: { 'zh-CN': '培训场次', en: 'Training sessions' },
  people: { 'zh-CN': '培训人数', en: 'People trained' },
  hours: { 'zh-CN': '培训学时', en: 'Training hours' },
  healthClass: { 'zh-CN': '分类', en: 'Class' },
  startsOn: { 'zh-CN': '开始日期', en: 'Starts on' },
  endsOn: { 'zh-CN': '结束日期', en: 'Ends on' },
  memberIds: { 'zh-CN': '调研组成员', en: 'Team members' },
  regionIds: { 'zh-CN': '调研地区', en: 'Regions' },
  regionId: { 'zh-CN': '调研地区', en: 'Region' },
  item: { 'zh-CN': '调研事项', en: 'Item' },
  place: { 'zh-CN': '地点', en: 'Place' },
  who: { 'zh-CN': '参加人员', en: 'Who took part' },
  notes: { 'zh-CN': '记录', en: 'Notes' },
  findings: { 'zh-CN': '发现', en: 'Findings' },
  topic: { 'zh-CN': '主题', en: 'Topic' },
  text: { 'zh-CN': '内容', en: 'Text' },
  recommendations: { 'zh-CN': '建议', en: 'Recommendations' },
  start: { 'zh-CN': '开始日期', en: 'Start' },
  end: { 'zh-CN': '结束日期', en: 'End' },
  due: { 'zh-CN': '截止日期', en: 'Due' },
  year: { 'zh-CN': '年度', en: 'Year' },
  unitId: { 'zh-CN': '组织', en: 'Unit' },
  plan: { 'zh-CN': '整顿方案', en: 'Rectification plan' },
  branches: { 'zh-CN': '整顿名单', en: 'Branches to rectify' },
  attachments: { 'zh-CN': '附件', en: 'Attachments' },
  newSince: { 'zh-CN': '新建统计起始日', en: 'New organisations counted from' },
};

export function label(labels: Record<string, Bilingual>, key: string, locale: Locale): string {
  return labels[key]?.[locale] ?? key;
}
