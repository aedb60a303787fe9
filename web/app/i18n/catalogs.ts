import { FEATURES } from '../features';
import { appMessages } from './app-messages';
import { mergeMessages, type MessageKeyOf } from './define';

type FeatureMessages = Extract<(typeof FEATURES)[number], { messages: unknown }>['messages'];

/** Every text's key: the shared ones and each feature's. A key no part declares is a type error wherever it is used. */
export type MessageKey = MessageKeyOf<typeof appMessages> | MessageKeyOf<FeatureMessages>;

export type Locale = 'zh-CN' | 'en-US';

let catalogs: Record<Locale, Record<MessageKey, string>> | undefined;

/**
 * The dictionary of each language, merged from the shared texts and every feature's on first use (a key declared
 * twice throws here, at the first render). Not at module load: features import web/app/i18n, so FEATURES may not be
 * initialized yet while this module loads.
 */
export function messageCatalogs(): Record<Locale, Record<MessageKey, string>> {
  if (!catalogs) {
    const parts = [{ name: 'app', messages: appMessages }, ...FEATURES.flatMap((feature) => ('messages' in feature ? [{ name: feature.name, messages: feature.messages }] : []))];
    const { zh, en } = mergeMessages(parts);
    catalogs = { 'zh-CN': zh, 'en-US': en };
  }
  return catalogs;
}
