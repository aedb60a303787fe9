import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { setApiLanguage } from '../api';
import { messageCatalogs, type Locale, type MessageKey } from './catalogs';

export type { Locale, MessageKey } from './catalogs';
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const STORAGE_KEY = 'shezhi.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    /* storage may be blocked; fall back to Chinese */
  }
  return 'zh-CN';
}

/** Side effects of a locale outside React: the API's Accept-Language, dayjs, and <html lang>. */
function applyLocale(locale: Locale): void {
  setApiLanguage(locale === 'zh-CN' ? 'zh-CN' : 'en');
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

export function format(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, onChange }: { children: ReactNode; onChange?: (locale: Locale) => void }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const value = initialLocale();
    applyLocale(value);
    return value;
  });

  const setLocale = useCallback(
    (next: Locale) => {
      applyLocale(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        /* not persisted; still switch */
      }
      setLocaleState(next);
      onChange?.(next);
    },
    [onChange],
  );

  const value = useMemo<I18nValue>(() => {
    const catalog = messageCatalogs()[locale];
    const t: Translate = (key, values) => format(catalog[key] ?? key, values);
    return { locale, setLocale, t };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
