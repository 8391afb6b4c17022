/**
 * The template of the 100-day drive, from the source plan [004]: three phases and the
 * deadlines of what units deliver. A committee declares a drive from it for a year and may
 * edit any date before declaring (and reschedule later, as an event).
 */
import type { Deadline, DeliverableKind, Phase, PhaseKey } from './campaign.ts';

const phaseDays: Record<PhaseKey, [string, string]> = {
  survey: ['06-18', '07-05'], // 调查研究、制定方案
  mobilise: ['07-06', '08-31'], // 宣传发动、整顿提高
  summarise: ['09-01', '09-30'], // 总结和巩固提高
};

const deadlineDays: Record<DeliverableKind, [PhaseKey, string]> = {
  baseline: ['survey', '07-05'], // 摸底: a health class for every branch
  rectification: ['survey', '07-05'], // 整顿名单和方案
  case: ['summarise', '09-20'], // 附件3 优秀案例 by 9/20
  summary: ['summarise', '09-25'], // 书面总结 by 9/25
  tables: ['summarise', '09-25'], // 附件1、2 by 9/25
};

export function hundredDaysTemplate(year: number): { phases: Phase[]; deadlines: Deadline[]; newSince: string } {
  return {
    phases: (Object.keys(phaseDays) as PhaseKey[]).map((key) => ({ key, start: `${year}-${phaseDays[key][0]}`, end: `${year}-${phaseDays[key][1]}` })),
    deadlines: (Object.keys(deadlineDays) as DeliverableKind[]).map((kind) => ({
      kind,
      phase: deadlineDays[kind][0],
      due: `${year}-${deadlineDays[kind][1]}`,
    })),
    newSince: `${year}-${phaseDays.survey[0]}`,
  };
}
