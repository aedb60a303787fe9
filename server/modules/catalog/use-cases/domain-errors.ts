import { AppError } from '../../../platform/errors/app-error.js';
import type { DomainRow } from '../catalog.queries.js';

/** A domain has no id of its own: the audit trail names it by city and code. */
export const domainEntityId = (d: Pick<DomainRow, 'cityId' | 'code'>) => `${d.cityId}/${d.code}`;

/** The code is taken in this city (by a current domain, or a retired one that may be restored instead). */
export function duplicateDomainCode(code: string, holder: Pick<DomainRow, 'name' | 'retiredAt'>): AppError {
  const retired = holder.retiredAt !== null;
  return new AppError('duplicate', { field: '服务领域编码', value: code }, [
    {
      path: 'code',
      message: retired ? `本市已有编码为“${code}”的服务领域“${holder.name}”（已停用，可在列表中恢复）` : `本市已有编码为“${code}”的服务领域“${holder.name}”`,
      messageEn: retired ? `This city already has a retired service domain coded "${code}" ("${holder.name}"): restore it instead` : `This city already has a service domain coded "${code}" ("${holder.name}")`,
    },
  ]);
}

/** The name is taken by another current domain of this city. */
export function duplicateDomainName(name: string): AppError {
  return new AppError('duplicate', { field: '服务领域名称', value: name }, [{ path: 'name', message: `本市已有名为“${name}”的服务领域`, messageEn: `This city already has a service domain named "${name}"` }]);
}

/** The refusal for a unique constraint of service_domains, or undefined for any other error. */
export function duplicateDomainOf(constraint: string | undefined, input: { code: string; name?: string }): AppError | undefined {
  if (constraint === 'service_domains_pk') return new AppError('duplicate', { field: '服务领域编码', value: input.code }, [{ path: 'code', message: `本市已有编码为“${input.code}”的服务领域`, messageEn: `This city already has a service domain coded "${input.code}"` }]);
  if (constraint === 'service_domains_city_name_uq' && input.name !== undefined) return duplicateDomainName(input.name);
  return undefined;
}
