/** A part of the dictionary — the app's shared texts or one feature's: the same keys in Chinese and English. */
export interface Messages<K extends string> {
  zh: Record<K, string>;
  en: Record<K, string>;
}

/**
 * Declares a feature's texts. The keys are read from `zh`; `en` must have exactly those (a missing key is a type
 * error, an extra one too).
 */
export function defineMessages<K extends string>(messages: { zh: Record<K, string>; en: Record<NoInfer<K>, string> }): Messages<K> {
  return messages;
}

/** The keys a `defineMessages` result declares; distributes over a union of them. */
export type MessageKeyOf<M> = M extends Messages<infer K> ? K : never;

export interface Dictionary {
  zh: Record<string, string>;
  en: Record<string, string>;
}

/**
 * One dictionary from the parts. A key declared by two parts, or a part whose languages have different keys (possible
 * only past the types, by a cast), is an error at load, not a text that silently wins or is missing.
 */
export function mergeMessages(parts: readonly { name: string; messages: Messages<string> }[]): Dictionary {
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  const ownerOf = new Map<string, string>();
  for (const { name, messages } of parts) {
    const zhKeys = Object.keys(messages.zh);
    const enKeys = new Set(Object.keys(messages.en));
    const onlyZh = zhKeys.filter((key) => !enKeys.has(key));
    const onlyEn = [...enKeys].filter((key) => !(key in messages.zh));
    if (onlyZh.length || onlyEn.length) {
      throw new Error(`${name}: zh and en differ (only in zh: ${onlyZh.join(', ') || '—'}; only in en: ${onlyEn.join(', ') || '—'})`);
    }
    for (const key of zhKeys) {
      const owner = ownerOf.get(key);
      if (owner) throw new Error(`the text ${key} is defined twice: by ${owner} and by ${name}`);
      ownerOf.set(key, name);
      zh[key] = messages.zh[key];
      en[key] = messages.en[key];
    }
  }
  return { zh, en };
}
