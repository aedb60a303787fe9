/**
 * The 6+1 service target groups (6+1 服务对象, glossary `targetGroup`): six groups of residents and one central task
 * of the city (waste sorting, mediation, public safety …). Field records count their beneficiaries by these groups;
 * a project's free-text target groups may be mapped onto them later.
 */
export const TARGET_GROUPS = ['elderly', 'women', 'childrenYouth', 'newResidents', 'disabled', 'hardship', 'centralTask'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const TARGET_GROUP_NAMES: Record<TargetGroup, { zh: string; en: string }> = {
  elderly: { zh: '老年人', en: 'Elderly' },
  women: { zh: '妇女', en: 'Women' },
  childrenYouth: { zh: '儿童青少年', en: 'Children and youth' },
  newResidents: { zh: '新居民', en: 'New residents' },
  disabled: { zh: '残疾人', en: 'People with disabilities' },
  hardship: { zh: '困难群众', en: 'People in hardship' },
  centralTask: { zh: '中心工作', en: 'Central task' },
};
