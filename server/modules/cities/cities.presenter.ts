import type { City, CitySettings } from '../../../contracts/cities.js';
import type { CityRef } from '../../platform/access/cities.js';
import type { CitySettingsRow } from './cities.queries.js';

/** Province abbreviations by the first two digits of the division code (GB/T 2260). */
const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  '11': '京', '12': '津', '13': '冀', '14': '晋', '15': '蒙', '21': '辽', '22': '吉', '23': '黑', '31': '沪', '32': '苏', '33': '浙',
  '34': '皖', '35': '闽', '36': '赣', '37': '鲁', '41': '豫', '42': '鄂', '43': '湘', '44': '粤', '45': '桂', '46': '琼', '50': '渝',
  '51': '川', '52': '贵', '53': '云', '54': '藏', '61': '陕', '62': '甘', '63': '青', '64': '宁', '65': '新', '71': '台', '81': '港', '82': '澳',
};

/**
 * What a city runs on until its office saves its own: the province's abbreviation and the city's first character
 * (浙海民证字), its civil affairs bureau, a portal named after it.
 */
export function defaultCitySettings(city: Pick<CityRef, 'name' | 'code'>): CitySettings {
  return {
    certPrefix: `${PROVINCE_ABBREVIATIONS[city.code.slice(0, 2)] ?? ''}${city.name.slice(0, 1)}`,
    registrationAuthority: `${city.name}民政局`,
    portalName: `${city.name}社会组织服务平台`,
    portalContact: '',
    portalAddress: '',
    version: 0,
  };
}

export function presentCitySettings(city: Pick<CityRef, 'name' | 'code'>, row: CitySettingsRow | undefined): CitySettings {
  if (!row) return defaultCitySettings(city);
  const { certPrefix, registrationAuthority, portalName, portalContact, portalAddress, version } = row;
  return { certPrefix, registrationAuthority, portalName, portalContact, portalAddress, version };
}

export function presentCity(city: CityRef, row: CitySettingsRow | undefined, manageable: boolean): City {
  return { id: city.id, name: city.name, code: city.code, settings: presentCitySettings(city, row), manageable };
}
