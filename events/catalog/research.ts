/**
 * Field research (调研) under the 六个一 requirement: a committee declares a research round,
 * forms teams with the regions each must cover, and per region visited a team records the six
 * items, each with its findings tagged by the four topics the research looks at.
 */
import { z } from 'zod';
import { attachmentList } from './attachment.ts';
import { defineEvent } from './define.ts';

/** The six items a team must complete per region visited. */
export const researchItems = [
  'leaderTalk', // 与市、县党委分管领导会谈1次
  'partySecretariesForum', // 与乡镇党委书记代表座谈1次
  'leagueCadresForum', // 与乡镇团委专兼职团干部代表座谈1次
  'youthForum', // 与农村青年和农村专业合作组织负责人代表座谈1次
  'grassrootsVisit', // 实地调研一批乡镇基层团组织
  'committeeStudy', // 对"大团委"建设工作实地研究1次
] as const;
export type ResearchItem = (typeof researchItems)[number];

/** What the research records: 青年分布, 聚集方式, 致富路径, 建团模式. */
export const findingTopics = ['youthDistribution', 'gathering', 'prosperity', 'buildingModes'] as const;
export type FindingTopic = (typeof findingTopics)[number];

const day = z.iso.date({ error: 'invalidDate' });

export const ResearchRoundDeclared = defineEvent({
  type: 'ResearchRoundDeclared',
  version: 1,
  upcasters: {},
  schema: z.object({
    roundId: z.uuid(),
    /** The committee that declared it (e.g. a province's 团省委). */
    unitId: z.uuid(),
    name: z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' }),
    startsOn: day,
    endsOn: day,
  }),
});

export const ResearchTeamFormed = defineEvent({
  type: 'ResearchTeamFormed',
  version: 1,
  upcasters: {},
  schema: z.object({
    teamId: z.uuid(),
    roundId: z.uuid(),
    name: z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' }),
    memberIds: z.array(z.uuid()).min(1, { error: 'required' }).max(30),
    regionIds: z.array(z.uuid()).min(1, { error: 'required' }).max(50),
  }),
});

export const finding = z.object({
  topic: z.enum(findingTopics, { error: 'invalidOption' }),
  text: z.string().trim().min(1, { error: 'required' }).max(2000, { error: 'tooLong' }),
});

/** One of the six items done in a region: when, where, with whom, what was found. */
export const VisitItemRecorded = defineEvent({
  type: 'VisitItemRecorded',
  version: 1,
  upcasters: {},
  schema: z.object({
    recordId: z.uuid(),
    roundId: z.uuid(),
    teamId: z.uuid(),
    regionId: z.uuid(),
    item: z.enum(researchItems, { error: 'invalidOption' }),
    date: day,
    place: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
    participants: z.object({
      count: z.number().int({ error: 'wholeNumber' }).min(1, { error: 'atLeastOne' }).max(10_000),
      who: z.string().trim().max(500, { error: 'tooLong' }),
    }),
    notes: z.string().trim().max(5000, { error: 'tooLong' }),
    findings: z.array(finding).min(1, { error: 'required' }).max(20),
    recommendations: z.string().trim().max(2000, { error: 'tooLong' }),
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable(),
    /** Photos and files taken on the visit (absent in records made before there were any). */
    attachments: attachmentList,
  }),
});
