/**
 * Fields a league organisation works in (领域). A township committee guides the village
 * branches and builds directly affiliated organisations (直属团组织) in the other fields.
 */
export const branchFields = [
  'village', // 村团支部 village branch
  'governmentOrgan', // 机关 government organs (party and government offices)
  'publicInstitution', // 事业单位 public institutions (schools, health centres, stations)
  'enterprise', // 企业 enterprises
  'commerce', // 商贸 commerce and trade
  'agriculturalBase', // 农业产业基地 agricultural industrial bases
  'cooperative', // 农村专业合作社 rural co-operatives
  'community', // 居民社区 residential communities
  'socialOrganisation', // 社会组织 social organisations
  'interestGroup', // 文体兴趣团体 culture, sports and interest groups
  'graduateVillageOfficials', // 大学生村官 college-graduate village officials
  'westernVolunteers', // 西部计划志愿者 western-region volunteers
  'threeSupportsOneAid', // "三支一扶" graduates
] as const;
export type BranchField = (typeof branchFields)[number];

/** How the organisation was built (建团模式). */
export const buildingModes = [
  'independent', // 独立建团
  'joint', // 联合建团 several units together
  'affiliated', // 挂靠建团 attached to another unit's organisation
  'dependent', // 依托建团 built on a host (a co-operative, a base, a park)
  'regional', // 区域建团 by area
  'interest', // 兴趣建团 by shared interest
  'apartment', // 公寓建团 by residence
  'association', // 社团建团 by association
] as const;
export type BuildingMode = (typeof buildingModes)[number];

/**
 * Events written before 机关 and 事业单位 were told apart carry the field `government`
 * (机关事业单位). Upcasting them needs one of the two: the unit's name says which for most (a
 * school, a health centre or a station is a 事业单位); what it does not say is taken as 机关.
 * A township's composition lists both, so a manager can reclassify what was guessed wrong.
 */
export function splitLegacyGovernment(name: string | null): 'governmentOrgan' | 'publicInstitution' {
  return name !== null && PUBLIC_INSTITUTION.test(name) ? 'publicInstitution' : 'governmentOrgan';
}
const PUBLIC_INSTITUTION = /学校|小学|中学|中心校|幼儿园|学院|大学|卫生院|医院|卫生所|卫生室|服务站|农技站|文化站|兽医站|水利站|站团|所团|中心|馆|事业/;
