import { z } from 'zod';

/** A member unit of the Social Work Committee or a service department, as every picker lists it. */
export const ZDepartment = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(['party', 'government', 'massOrg', 'other']),
  isMemberUnit: z.boolean(),
  isServiceDepartment: z.boolean(),
});
export type Department = z.infer<typeof ZDepartment>;
