/*
 * Moderation of what the public sees of a concern (issue 17 §4): personal data in the text is masked — resident ID
 * numbers (GB 11643: 18 characters, or the old 15 digits), mobile numbers and landlines —, abusive words are starred,
 * and spam is refused before anything is stored. Staff read the text as written; the public page, Open311 and the
 * reply shown to the public carry the masked text.
 */

/** An 18-character ID number (17 digits and a digit or X) or a 15-digit one, not inside a longer run of digits. */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
/** A mainland mobile, with or without +86 and separators between its groups (138 1234 5678, 138-1234-5678). */
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;
/** A landline with its area code: 0573-87654321, 0573 8765432. */
const LANDLINE = /(?<!\d)(0\d{2,3})[\s-]?(\d{7,8})(?!\d)/g;

/** Words starred in public text (a small list; a city would keep its own). */
const ABUSIVE = ['傻逼', '傻B', '他妈的', '妈的', '操你', '草你', '去死', '王八蛋', '混蛋', '狗日的', '贱人'];

/** The text with ID numbers, phones and abusive words masked, for whatever the public reads. */
export function maskPublicText(text: string): string {
  let out = text.replace(ID_NUMBER, (id: string) => `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`);
  out = out.replace(MOBILE, (_w: string, a: string, _b: string, c: string) => `${a}****${c}`);
  out = out.replace(LANDLINE, (_w: string, area: string, num: string) => `${area}-${'*'.repeat(num.length - 2)}${num.slice(-2)}`);
  for (const word of ABUSIVE) out = out.split(word).join('*'.repeat([...word].length));
  return out;
}

export interface SpamVerdict {
  zh: string;
  en: string;
}

const LINK = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|net|cn|top|xyz|vip|cc|info)\b)/i;
const ADVERT = ['加微信', '加V', '加qq', '代开发票', '贷款', '刷单', '兼职日结', '博彩', '彩票', '网赚', '免费领取', '点击链接'];

/**
 * Why a text is spam, or null: links and adverts (a concern is about a place, not a website), one character repeated
 * over and over, or a text with almost no letters or Chinese characters. The refusal says why in words a resident
 * understands; a real concern worded like an advert can be raised again without the link.
 */
export function spamVerdict(text: string): SpamVerdict | null {
  const t = text.trim();
  if (LINK.test(t)) return { zh: '请不要在民情描述中填写网址或链接', en: 'Please leave links out of the description' };
  const lower = t.toLowerCase();
  if (ADVERT.some((w) => lower.includes(w.toLowerCase()))) return { zh: '内容疑似广告信息，未予受理', en: 'The text looks like an advertisement' };
  if (/(.)\1{9,}/u.test(t)) return { zh: '内容包含大量重复字符，请如实描述情况', en: 'The text repeats one character over and over' };
  const meaningful = [...t].filter((ch) => /[\p{Script=Han}\p{L}]/u.test(ch)).length;
  if (meaningful < Math.min(5, [...t].length) || meaningful / [...t].length < 0.3) return { zh: '请用文字描述您反映的情况', en: 'Please describe the matter in words' };
  return null;
}
