/**
 * Word tables for reading money figures: unit words, currency words and qualifiers in Kazakh,
 * Russian, English and Chinese, with their case endings. Data only; money.ts compiles them once.
 */
import type { Currency } from '../types';

/** Which language a word belongs to: an English word makes "1,500" read the English way. */
export type Lang = 'kk' | 'ru' | 'en' | 'zh' | 'x';

// Kazakh case and derivation endings after back vowels / hard consonants (миллионнан, доллары, юаньға).
export const KK_BACK = ['ға', 'қа', 'ды', 'ты', 'дың', 'тың', 'ның', 'нан', 'дан', 'тан', 'да', 'та', 'мен', 'бен', 'пен', 'дық', 'тық', 'лық', 'ы', 'ын', 'ына', 'ының', 'ынан', 'ымен', 'ында', 'лар', 'лары', 'ларының', 'лардан'];
// Kazakh endings after front vowels (теңгені, теңгеден, теңгелік, юанінің).
export const KK_FRONT = ['ге', 'ке', 'ні', 'ді', 'ті', 'нің', 'дің', 'тің', 'нен', 'ден', 'тен', 'де', 'те', 'мен', 'бен', 'пен', 'лік', 'дік', 'тік', 'сі', 'сін', 'сіне', 'сінің', 'сінен', 'сімен', 'не', 'н', 'лер', 'лері'];
// Russian endings of hard masculine nouns (миллион, миллиарда, долларов).
export const RU_HARD = ['а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'];
// Russian endings of soft masculine nouns on the stem without ь (юаня, юаней, рублей).
export const RU_SOFT = ['ь', 'я', 'ю', 'ем', 'е', 'и', 'ей', 'ям', 'ями', 'ях'];
// Russian endings of тысяч- (тысяча, тысячи, тысяч).
export const RU_TYSYACH = ['', 'а', 'и', 'е', 'у', 'ей', 'ой', 'ам', 'ами', 'ах'];

/** Endings written after a hyphen in Kazakh ("2 млрд-тан астам", "100-ден астам"): dropped. */
export const KK_HYPHEN_SUFFIXES = ['ға', 'ге', 'қа', 'ке', 'ны', 'ні', 'ды', 'ді', 'ты', 'ті', 'ның', 'нің', 'дың', 'дің', 'тың', 'тің', 'нан', 'нен', 'дан', 'ден', 'тан', 'тен', 'да', 'де', 'та', 'те', 'мен', 'бен', 'пен', 'дық', 'дік', 'тық', 'тік', 'лық', 'лік', 'ы', 'і', 'сы', 'сі', 'а', 'е'];

/** Words written as stem + one of the ending lists (the bare stem counts too). */
export interface WordForms {
  stems: string[];
  endings?: string[][];
  lang: Lang;
}

export interface UnitEntry extends WordForms {
  /** Power of ten the unit multiplies by. */
  exp: number;
}

export const UNIT_WORDS: UnitEntry[] = [
  { exp: 3, lang: 'kk', stems: ['мың'], endings: [KK_BACK] },
  { exp: 3, lang: 'ru', stems: ['тыс', 'тысч'] },
  { exp: 3, lang: 'ru', stems: ['тысяч'], endings: [RU_TYSYACH] },
  { exp: 3, lang: 'en', stems: ['thousand', 'thousands', 'thou', 'k', 'ths'] },
  { exp: 6, lang: 'ru', stems: ['млн', 'миллион'], endings: [RU_HARD, KK_BACK] },
  { exp: 6, lang: 'en', stems: ['mln', 'mn', 'mio', 'm', 'million', 'millions'] },
  { exp: 9, lang: 'ru', stems: ['млрд', 'миллиард'], endings: [RU_HARD, KK_BACK] },
  { exp: 9, lang: 'en', stems: ['bn', 'bln', 'b', 'billion', 'billions'] },
  { exp: 12, lang: 'ru', stems: ['трлн', 'триллион'], endings: [RU_HARD, KK_BACK] },
  { exp: 12, lang: 'en', stems: ['tn', 'trn', 'trillion', 'trillions'] },
];

/** Chinese units and words, matched longest first inside a run of CJK characters. */
export const CJK_WORDS: { text: string; exp?: number; currency?: Currency; qualifier?: 'over' | 'approx' }[] = [
  { text: '千', exp: 3 },
  { text: '万', exp: 4 },
  { text: '萬', exp: 4 },
  { text: '百万', exp: 6 },
  { text: '百萬', exp: 6 },
  { text: '亿', exp: 8 },
  { text: '億', exp: 8 },
  { text: '万亿', exp: 12 },
  { text: '萬億', exp: 12 },
  { text: '元', currency: 'CNY' },
  { text: '圆', currency: 'CNY' },
  { text: '人民币', currency: 'CNY' },
  { text: '人民幣', currency: 'CNY' },
  { text: '约', qualifier: 'approx' },
  { text: '約', qualifier: 'approx' },
  { text: '大约', qualifier: 'approx' },
  { text: '超过', qualifier: 'over' },
  { text: '逾', qualifier: 'over' },
];

export interface CurrencyEntry extends WordForms {
  /** 'YEN' is the sign ¥ that means yuan only in a yuan register. */
  currency: Currency | 'YEN';
}

export const CURRENCY_WORDS: CurrencyEntry[] = [
  { currency: 'KZT', lang: 'kk', stems: ['теңге'], endings: [KK_FRONT] },
  { currency: 'KZT', lang: 'ru', stems: ['тенге'], endings: [KK_FRONT] },
  { currency: 'KZT', lang: 'ru', stems: ['тг', 'тңг', 'тнг'] },
  { currency: 'KZT', lang: 'en', stems: ['tenge', 'teńge', 'tenges'] },
  { currency: 'KZT', lang: 'x', stems: ['kzt', '₸'] },
  { currency: 'CNY', lang: 'ru', stems: ['юан'], endings: [RU_SOFT] },
  { currency: 'CNY', lang: 'kk', stems: ['юань', 'юан'], endings: [KK_BACK] },
  { currency: 'CNY', lang: 'kk', stems: ['юані'], endings: [KK_FRONT] },
  { currency: 'CNY', lang: 'en', stems: ['yuan', 'yuans', 'renminbi'] },
  { currency: 'CNY', lang: 'x', stems: ['cny', 'rmb'] },
  { currency: 'YEN', lang: 'x', stems: ['¥', '￥'] },
  { currency: 'USD', lang: 'ru', stems: ['доллар'], endings: [RU_HARD, KK_BACK] },
  { currency: 'USD', lang: 'ru', stems: ['долл', 'сша'] },
  { currency: 'USD', lang: 'kk', stems: ['ақш'] },
  { currency: 'USD', lang: 'en', stems: ['dollar', 'dollars', 'us'] },
  { currency: 'USD', lang: 'x', stems: ['usd', '$'] },
  { currency: 'EUR', lang: 'ru', stems: ['евро'], endings: [KK_BACK, KK_FRONT] },
  { currency: 'EUR', lang: 'en', stems: ['euro', 'euros'] },
  { currency: 'EUR', lang: 'x', stems: ['eur', '€'] },
  { currency: 'RUB', lang: 'ru', stems: ['рубл'], endings: [RU_SOFT] },
  { currency: 'RUB', lang: 'kk', stems: ['рубль'], endings: [KK_FRONT] },
  { currency: 'RUB', lang: 'ru', stems: ['руб'] },
  { currency: 'RUB', lang: 'x', stems: ['rub', 'rur', '₽'] },
];

export interface QualifierEntry extends WordForms {
  qualifier: 'over' | 'approx';
}

export const QUALIFIER_WORDS: QualifierEntry[] = [
  { qualifier: 'over', lang: 'kk', stems: ['астам', 'асатын', 'асады', 'асқан', 'артық'] },
  { qualifier: 'over', lang: 'ru', stems: ['свыше', 'более', 'больше'] },
  { qualifier: 'over', lang: 'en', stems: ['over', 'above'] },
  { qualifier: 'over', lang: 'x', stems: ['>', '≥', '⩾'] },
  { qualifier: 'approx', lang: 'kk', stems: ['шамамен', 'шамасы', 'шамасында', 'жуық', 'жуығы', 'жуығын'] },
  { qualifier: 'approx', lang: 'ru', stems: ['около', 'порядка', 'примерно', 'приблизительно', 'ок'] },
  { qualifier: 'approx', lang: 'en', stems: ['about', 'approx', 'approximately', 'circa', 'ca', 'around', 'roughly'] },
  { qualifier: 'approx', lang: 'x', stems: ['≈', '~', '∼', '≃'] },
];

/** Several words read as one qualifier ("more than", "не менее"). */
export const QUALIFIER_PHRASES: { words: string[]; qualifier: 'over' | 'approx'; lang: Lang }[] = [
  { words: ['more', 'than'], qualifier: 'over', lang: 'en' },
  { words: ['at', 'least'], qualifier: 'over', lang: 'en' },
  { words: ['in', 'excess', 'of'], qualifier: 'over', lang: 'en' },
  { words: ['не', 'менее'], qualifier: 'over', lang: 'ru' },
  { words: ['кем', 'емес'], qualifier: 'over', lang: 'kk' },
];

/** A cell that is only one of these is an empty cell (a dash in a report means "nothing"). */
export const EMPTY_MARKS = ['-', '—', '–', '−', '--', '---'];

/** Heading words for rate tables, per column role (kk/ru/en), lower case. */
export const RATE_HEADINGS: Record<'date' | 'currency' | 'rate' | 'quant', string[]> = {
  date: ['күні', 'күн', 'дата', 'date', 'датасы', 'day', 'rate date'],
  currency: ['валюта', 'валютa', 'currency', 'код', 'code', 'валюты', 'валютаның', 'коды', 'ccy'],
  rate: ['бағам', 'бағамы', 'курс', 'rate', 'курсы', 'exchange', 'бағамдары'],
  quant: ['саны', 'кол-во', 'количество', 'quant', 'quantity', 'units', 'номинал', 'единиц', 'бірлік', 'nominal'],
};
