// Plain constants (no zod), so the web bundle can import them without the schema library.
export const ORG_TYPES = ['association', 'serviceAgency', 'foundation', 'communityOrg'] as const;
export const ORG_STATUSES = ['active', 'changing', 'deregistered', 'revoked'] as const;
export const ORG_GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;
export const SERVICE_FIELDS = ['children', 'youth', 'elderly', 'women', 'disabled', 'corrections', 'community', 'hardship', 'newResidents', 'mediation', 'environment', 'culture', 'education', 'health', 'volunteering'] as const;

export const ORG_TYPE_NAMES: Record<(typeof ORG_TYPES)[number], { zh: string; en: string }> = {
  association: { zh: '社会团体', en: 'Social association' },
  serviceAgency: { zh: '社会服务机构', en: 'Social service agency' },
  foundation: { zh: '基金会', en: 'Foundation' },
  communityOrg: { zh: '社区社会组织', en: 'Community-based organization' },
};
