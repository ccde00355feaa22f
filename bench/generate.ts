/**
 * Synthetic registers for the benchmarks: deterministic (a seeded mulberry32; the same seed gives
 * the same cells and the same CSV bytes), shaped like the registers economists keep: a title and a
 * date line above a 15-column header (Kazakh by default, or Russian), N project rows, a total row
 * "Барлығы" / "Всего" whose figures equal the sums of the columns, so the total reconciles.
 *
 * The mix: ~72% of the projects in tenge only, ~15% in yuan only, ~10% in both, ~3% with no value
 * yet; most figures are numbers, some text with units ("21 млрд тг", "1 500,5" with NBSP,
 * "≈ 300 млн теңге"); dates 2019–2025 as Date cells; exactly 1% of the rows carry one planted
 * messy cell (an error value such as #REF!, an unreadable figure, an unknown status, an impossible date)
 * whose expected finding is reported through `stats.planted`.
 *
 * Also the rates table for those dates (every working day of 2019–2025, CNY and USD, made up, not
 * official) and a pool of money cells for the parseAmount micro-benchmark.
 *
 *   npx tsx bench/generate.ts --rows 1000 [--seed 1] [--lang kk|ru] [--out bench/out]
 */
import { createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { columnLetters } from '../src/core/grid/a1';
import type { CellValue } from '../src/core/grid/grid';

export type GenLang = 'kk' | 'ru';

export interface GenOptions {
  seed?: number;
  lang?: GenLang;
}

/** A messy cell the generator planted, with the finding the core should raise at its address. */
export interface Planted {
  /** A1 address (sheet row = CSV line). */
  cell: string;
  row: number;
  kind: 'error' | 'unreadable' | 'status' | 'date';
  code: 'CELL_ERROR' | 'AMOUNT_UNREADABLE' | 'STATUS_UNKNOWN' | 'DATE_INVALID';
  value: string;
}

/** Filled in while rows are generated: what a reader of the file should find. */
export interface GenStats {
  /** Sheet rows written (title, date line, header, projects, total). */
  rows: number;
  projects: number;
  headerRow: number;
  totalRow: number;
  /** Sums of the tenge and yuan columns, in tenths of a million (what the total row states). */
  kztTenths: number;
  cnyTenths: number;
  planted: Planted[];
}

export function newStats(): GenStats {
  return { rows: 0, projects: 0, headerRow: 0, totalRow: 0, kztTenths: 0, cnyTenths: 0, planted: [] };
}

// --- PRNG --------------------------------------------------------------------------------------

/** mulberry32: a small, fast, well-mixed 32-bit generator; floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Log-uniform integer in [lo, hi]: many small projects, a few large ones. */
  logInt(lo: number, hi: number): number {
    return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo))));
  }
}

// --- vocabulary ----------------------------------------------------------------------------------

/** The 15 columns; letters A..O. */
export const HEADINGS: Record<GenLang, string[]> = {
  kk: ['№', 'Жобаның атауы', 'Инвестор', 'Инвестор елі', 'Саласы', 'Орналасқан жері', 'Құны, млн теңге', 'Құны, млн юань', 'Келісім күні', 'Мәртебесі', 'Жұмыс орындары', 'Қуаты', 'Іске асыру мерзімі', 'Жауапты орган', 'Ескертпе'],
  ru: ['№', 'Наименование проекта', 'Инвестор', 'Страна', 'Отрасль', 'Место реализации', 'Стоимость, млн тенге', 'Стоимость, млн юаней', 'Дата соглашения', 'Статус', 'Рабочие места', 'Мощность', 'Срок реализации', 'Ответственный орган', 'Примечание'],
};
export const COLUMNS = 15;
/** 1-based columns of the fields the tests and the messy cells need. */
export const COL = { number: 1, name: 2, KZT: 7, CNY: 8, date: 9, status: 10, jobs: 11 } as const;

const TITLE: Record<GenLang, (n: number) => string> = {
  kk: (n) => `Инвестициялық жобалар тізілімі (синтетикалық деректер, ${n} жоба)`,
  ru: (n) => `Реестр инвестиционных проектов (синтетические данные, ${n} проектов)`,
};
const AS_OF: Record<GenLang, string> = { kk: '2025 жылғы 31 желтоқсандағы жағдай бойынша', ru: 'по состоянию на 31.12.2025' };
const TOTAL: Record<GenLang, string> = { kk: 'Барлығы', ru: 'Всего' };

interface Sector { kk: string; ru: string; projects: [string, string][]; capacity: [string, string][] }
const SECTORS: Sector[] = [
  { kk: 'Өндіріс', ru: 'Обрабатывающая промышленность', projects: [['Цемент зауыты', 'Цементный завод'], ['Автокомпоненттер зауыты', 'Завод автокомпонентов'], ['Полимер құбырлар өндірісі', 'Производство полимерных труб'], ['Шыны өнімдері зауыты', 'Завод стекольной продукции'], ['Металл конструкциялар цехы', 'Цех металлоконструкций']], capacity: [['50 мың тонна/жыл', '50 тыс. тонн в год'], ['1 млн дана/жыл', '1 млн штук в год'], ['200 мың тонна/жыл', '200 тыс. тонн в год']] },
  { kk: 'Жасыл энергетика', ru: 'Возобновляемая энергетика', projects: [['Күн электр станциясы', 'Солнечная электростанция'], ['Жел электр станциясы', 'Ветровая электростанция'], ['Энергия сақтау жүйесі', 'Система накопления энергии']], capacity: [['100 МВт', '100 МВт'], ['50 МВт', '50 МВт'], ['250 МВт', '250 МВт']] },
  { kk: 'Энергетика', ru: 'Энергетика', projects: [['Жылу электр орталығы', 'Теплоэлектроцентраль'], ['Газ-поршеньді электр станциясы', 'Газопоршневая электростанция']], capacity: [['120 МВт', '120 МВт'], ['30 МВт', '30 МВт']] },
  { kk: 'Агроөнеркәсіп', ru: 'Агропромышленный комплекс', projects: [['Жылыжай кешені', 'Тепличный комплекс'], ['Сүт өңдеу зауыты', 'Молокоперерабатывающий завод'], ['Ет өңдеу кешені', 'Мясоперерабатывающий комплекс'], ['Астық сақтау қоймасы', 'Зернохранилище']], capacity: [['20 мың тонна/жыл', '20 тыс. тонн в год'], ['5 мың бас', '5 тыс. голов'], ['10 га', '10 га']] },
  { kk: 'Логистика', ru: 'Транспорт и логистика', projects: [['Көлік-логистикалық орталық', 'Транспортно-логистический центр'], ['Контейнерлік терминал', 'Контейнерный терминал'], ['Құрғақ порт', 'Сухой порт']], capacity: [['100 мың TEU/жыл', '100 тыс. TEU в год'], ['30 мың м²', '30 тыс. м²']] },
  { kk: 'Медицина', ru: 'Здравоохранение', projects: [['Фармацевтика зауыты', 'Фармацевтический завод'], ['Көпсалалы медициналық орталық', 'Многопрофильный медицинский центр']], capacity: [['300 төсек', '300 коек'], ['50 млн қаптама/жыл', '50 млн упаковок в год']] },
  { kk: 'Химия', ru: 'Химическая промышленность', projects: [['Минералдық тыңайтқыштар зауыты', 'Завод минеральных удобрений'], ['Полипропилен өндірісі', 'Производство полипропилена']], capacity: [['500 мың тонна/жыл', '500 тыс. тонн в год']] },
  { kk: 'Тау-кен', ru: 'Горнодобывающая промышленность', projects: [['Мыс кенін байыту фабрикасы', 'Медно-обогатительная фабрика'], ['Көмір кен орны', 'Угольный разрез']], capacity: [['2 млн тонна/жыл', '2 млн тонн в год']] },
  { kk: 'Туризм', ru: 'Туризм', projects: [['Қонақүй кешені', 'Гостиничный комплекс'], ['Шипажай', 'Санаторий']], capacity: [['200 нөмір', '200 номеров']] },
];
const PLACES: [string, string][] = [
  ['Орал қ.', 'г. Уральск'], ['Ақсай қ.', 'г. Аксай'], ['Бөрлі ауданы', 'Бурлинский район'], ['Ақжайық ауданы', 'Акжаикский район'],
  ['Индустриалдық аймақ, Орал қ.', 'Индустриальная зона, г. Уральск'], ['Астана қ.', 'г. Астана'], ['Алматы қ.', 'г. Алматы'],
  ['Шымкент қ.', 'г. Шымкент'], ['Ақтөбе қ.', 'г. Актобе'], ['Атырау қ.', 'г. Атырау'], ['Қарағанды қ.', 'г. Караганда'],
  ['Павлодар қ.', 'г. Павлодар'], ['Қостанай қ.', 'г. Костанай'], ['«Хоргос» АЭА', 'СЭЗ «Хоргос»'],
];
const INVESTORS = [
  'Jiangsu Huayu Auto Parts Co., Ltd.', 'Nanjing Jinling Pipe Co., Ltd.', 'China Green Power Investment Co.', 'Nanjing New Energy Group',
  'Beijing Tongren Pharma Co.', 'Beijing Jinyi Yuanfang Holding', 'Jiangsu Agricultural Machinery Co.', 'Nanjing Port Logistics Co.',
  'China Energy Storage Tech Co.', 'CITIC Construction Co., Ltd.', 'Sinoma International Engineering', 'Xinjiang TBEA Group',
  'China Railway 20th Bureau', 'Wuhan Iron and Steel Group', 'Hualing Group', 'Zhejiang Geely Holding', 'Shandong Chambroad',
  'QazaqGaz АҚ', 'KazAgro Holding', 'Eurasian Resources Group', 'Turkcell Invest', 'Al Dahra Agriculture', 'Lotte Chemical', 'Polymetal Eurasia',
];
const COUNTRIES: [string, string, number][] = [
  ['ҚХР', 'Китай', 0.62], ['Қазақстан', 'Казахстан', 0.16], ['Ресей', 'Россия', 0.07], ['Түркия', 'Турция', 0.05],
  ['БАӘ', 'ОАЭ', 0.05], ['Оңтүстік Корея', 'Южная Корея', 0.05],
];
interface Status { kk: string; ru: string; w: number; valueless?: boolean }
const STATUSES: Status[] = [
  { kk: 'Меморандум', ru: 'Меморандум', w: 30 },
  { kk: 'Келісім', ru: 'Соглашение', w: 14 },
  { kk: 'Ұсыныс', ru: 'Предложение', w: 8, valueless: true },
  { kk: 'Зерделеу', ru: 'На изучении', w: 8, valueless: true },
  { kk: 'Жобалау', ru: 'Проектирование', w: 8 },
  { kk: 'Құрылыс', ru: 'Строительство', w: 14 },
  { kk: 'Жабдық монтажы', ru: 'Монтаж оборудования', w: 5 },
  { kk: 'Пайдалануға берілді', ru: 'Введен в эксплуатацию', w: 10 },
  { kk: 'Тоқтатылды', ru: 'Приостановлен', w: 3 },
];
const STATUS_TOTAL = STATUSES.reduce((s, x) => s + x.w, 0);
const VALUELESS: [string, string][] = STATUSES.filter((s) => s.valueless).map((s) => [s.kk, s.ru]);
const AGENCIES: [string, string][] = [
  ['Кәсіпкерлік басқармасы', 'Управление предпринимательства'], ['Индустрия басқармасы', 'Управление индустрии'],
  ['Ауыл шаруашылығы басқармасы', 'Управление сельского хозяйства'], ['Энергетика басқармасы', 'Управление энергетики'],
  ['Инвестициялар тарту орталығы', 'Центр привлечения инвестиций'],
];
const NOTES: [string, string][] = [
  ['Жер учаскесі бөлінді', 'Земельный участок выделен'], ['ЖСҚ әзірленуде', 'ПСД в разработке'], ['Инфрақұрылым қажет', 'Требуется инфраструктура'],
  ['Қаржыландыру көзі анықталуда', 'Источник финансирования определяется'], ['Құны юаньмен көрсетілген', 'Стоимость указана в юанях'],
  ['Бірінші кезек іске қосылды', 'Запущена первая очередь'],
];
const UNREADABLE: Record<GenLang, string[]> = { kk: ['келісілуде', 'нақтыланады'], ru: ['уточняется', 'согласовывается'] };
const UNKNOWN_STATUS: Record<GenLang, string[]> = { kk: ['белгісіз', 'мәртебе жоқ'], ru: ['неизвестно', 'нет данных'] };
const ERRORS = ['#REF!', '#N/A', '#VALUE!', '#DIV/0!'];
const NBSP = '\u00a0';

const SYLLABLES = ['ақ', 'жол', 'дала', 'нұр', 'көк', 'тау', 'сар', 'бек', 'алтын', 'кен', 'ер', 'қан', 'мөл', 'сай', 'тас', 'шың', 'жар', 'бай', 'құм', 'өзен', 'сәт', 'ай', 'күн', 'жұлдыз'];
const CAPITALS = ['Ақ', 'Жол', 'Дала', 'Нұр', 'Көк', 'Тау', 'Сар', 'Бек', 'Алтын', 'Кен', 'Ер', 'Қан', 'Мөл', 'Сай', 'Тас', 'Шың', 'Жар', 'Бай', 'Құм', 'Өзен', 'Сәт', 'Ай', 'Күн', 'Жұлдыз'];

/** A distinct brand for project i ("Кенсайтау", "Ақжолбай-12"): i ↦ i·7919 mod 24⁵ is one-to-one below 7,962,624. */
export function brand(i: number): string {
  const p = (i * 7919) % 24 ** 5;
  const head = CAPITALS[p % 24] + SYLLABLES[Math.floor(p / 24) % 24] + SYLLABLES[Math.floor(p / 576) % 24];
  return p >= 13824 ? `${head}-${Math.floor(p / 13824)}` : head;
}

// --- numbers as economists write them ------------------------------------------------------------

/** 1234567 → "1 234 567" with the given group separator. */
function grouped(int: number, sep: string): string {
  const s = String(int);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += sep;
    out += s[i];
  }
  return out;
}

/** Tenths as a decimal-comma text: 15005 → "1500,5" (or "1 500,5" with a separator), 15000 → "1500". */
export function tenthsText(tenths: number, sep = ''): string {
  const int = Math.floor(tenths / 10);
  const frac = tenths % 10;
  return grouped(int, sep) + (frac ? ',' + frac : '');
}

/**
 * A figure in millions, in tenths of a million, and the cell that states it: mostly a number,
 * sometimes text with a unit, a currency word or a qualifier, the way registers arrive.
 */
function kztCell(rng: Rng, lang: GenLang): { tenths: number; cell: CellValue } {
  const tg = lang === 'kk' ? 'теңге' : 'тенге';
  const r = rng.float();
  if (r < 0.8) {
    const tenths = rng.logInt(50, 2_000_000); // 5 mln .. 200 bn tenge
    return { tenths, cell: tenths / 10 };
  }
  if (r < 0.88) {
    const tenths = rng.logInt(10_000, 2_000_000); // "1 500,5" with a no-break space
    return { tenths, cell: tenthsText(tenths, NBSP) };
  }
  if (r < 0.93) {
    const bnTenths = rng.int(5, 900); // "21 млрд тг", "2,5 млрд теңге"
    return { tenths: bnTenths * 1000, cell: `${tenthsText(bnTenths)} млрд ${rng.pick(['тг', tg])}` };
  }
  if (r < 0.97) {
    const mln = rng.int(20, 990); // "≈ 300 млн теңге"
    const q = lang === 'kk' ? rng.pick(['≈ ', 'шамамен ']) : rng.pick(['≈ ', 'около ']);
    return { tenths: mln * 10, cell: `${q}${mln} млн ${tg}` };
  }
  const bn = rng.int(1, 40), mln = rng.int(1, 9) * 100; // "2 млрд 300 млн теңге"
  return { tenths: bn * 10_000 + mln * 10, cell: `${bn} млрд ${mln} млн ${tg}` };
}

function cnyCell(rng: Rng, lang: GenLang): { tenths: number; cell: CellValue } {
  const t = rng.logInt(10, 200_000); // 1 mln .. 20 bn yuan
  if (rng.chance(0.9)) return { tenths: t, cell: t / 10 };
  const mln = Math.max(1, Math.round(t / 10));
  return { tenths: mln * 10, cell: `${mln} млн ${lang === 'kk' ? 'юань' : 'юаней'}` };
}

// --- rates -----------------------------------------------------------------------------------

export const RATE_FIRST = '2019-01-01';
export const RATE_LAST = '2025-12-31';

export interface RateRow { date: string; currency: 'CNY' | 'USD'; rate: number; quant: number }

let ratesCache: RateRow[] | null = null;

/** Made-up NBK-style rates for every working day (Mon–Fri) of 2019–2025: a seeded random walk with drift. */
export function rateRows(): RateRow[] {
  if (ratesCache) return ratesCache;
  const rng = new Rng(20190101);
  const out: RateRow[] = [];
  let cny = 55.5, usd = 381.2;
  const first = Date.UTC(2019, 0, 1), last = Date.UTC(2025, 11, 31);
  for (let t = first; t <= last; t += 86400000) {
    const day = new Date(t).getUTCDay();
    if (day === 0 || day === 6) continue;
    const iso = new Date(t).toISOString().slice(0, 10);
    cny = Math.max(40, cny * (1 + 0.00018 + (rng.float() - 0.5) * 0.008));
    usd = Math.max(300, usd * (1 + 0.00017 + (rng.float() - 0.5) * 0.008));
    out.push({ date: iso, currency: 'USD', rate: Math.round(usd * 100) / 100, quant: 1 });
    out.push({ date: iso, currency: 'CNY', rate: Math.round(cny * 100) / 100, quant: 1 });
  }
  ratesCache = out;
  return out;
}

let cnyByDate: Map<string, number> | null = null;

/** The made-up CNY rate of a working day (the generator dates projects on working days only). */
function cnyRateOn(iso: string): number {
  if (!cnyByDate) cnyByDate = new Map(rateRows().filter((r) => r.currency === 'CNY').map((r) => [r.date, r.rate]));
  return cnyByDate.get(iso) ?? 60;
}

/** dd.mm.yyyy of an ISO date. */
function dotted(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** The rates table as CSV: UTF-8 with BOM, ";", decimal comma, Kazakh headings Күні;Валюта;Бағам;Саны. */
export async function writeRatesCsv(file: string): Promise<number> {
  const lines = ['Күні;Валюта;Бағам;Саны'];
  for (const r of rateRows()) lines.push(`${dotted(r.date)};${r.currency};${String(r.rate).replace('.', ',')};${r.quant}`);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
  return lines.length - 1;
}

// --- rows ---------------------------------------------------------------------------------------

const DAY = 86400000;
const FIRST_DAY = Date.UTC(2019, 0, 1);
const DAYS = Math.round((Date.UTC(2025, 11, 31) - FIRST_DAY) / DAY) + 1;

/**
 * The register's sheet rows, top to bottom: title, date line, header, `n` projects, the total.
 * Row arrays hold column A first; error values are `{ error: '#REF!' }`; dates are UTC Date cells.
 * `stats`, when given, receives the counts, sums and planted cells.
 */
export function* generateRows(n: number, seed = 1, lang: GenLang = 'kk', stats: GenStats = newStats()): Generator<CellValue[]> {
  const rng = new Rng(seed);
  const L = lang === 'kk' ? 0 : 1;
  const blank = (): CellValue[] => new Array<CellValue>(COLUMNS).fill(null);
  const first: CellValue[] = blank();
  first[0] = TITLE[lang](n);
  const second: CellValue[] = blank();
  second[0] = AS_OF[lang];
  stats.rows = 3;
  stats.headerRow = 3;
  stats.projects = 0;
  stats.kztTenths = 0;
  stats.cnyTenths = 0;
  stats.planted.length = 0;
  yield first;
  yield second;
  yield HEADINGS[lang].slice();
  for (let i = 0; i < n; i++) {
    const sheetRow = 4 + i;
    const sector = rng.pick(SECTORS);
    const [pkk, pru] = rng.pick(sector.projects);
    const place = rng.pick(PLACES);
    // A project's own name (as an SPV's), so no two rows look like duplicates of one project.
    let name = `${L ? pru : pkk} «${brand(i)}»`;
    if (rng.chance(0.4)) name += ` (${place[L]})`;
    let cr = rng.float();
    let country = COUNTRIES[0];
    for (const c of COUNTRIES) {
      if (cr < c[2]) { country = c; break; }
      cr -= c[2];
    }
    let sw = rng.float() * STATUS_TOTAL;
    let status = STATUSES[0];
    for (const s of STATUSES) {
      if (sw < s.w) { status = s; break; }
      sw -= s.w;
    }
    // A working day of 2019–2025.
    let t = FIRST_DAY + rng.int(0, DAYS - 1) * DAY;
    const wd = new Date(t).getUTCDay();
    if (wd === 0) t += DAY;
    else if (wd === 6) t -= DAY;
    const date = new Date(t);
    const iso = date.toISOString().slice(0, 10);

    const row = blank();
    row[0] = i + 1;
    row[1] = name;
    row[2] = rng.pick(INVESTORS);
    row[3] = country[L];
    row[4] = L ? sector.ru : sector.kk;
    row[5] = place[L];
    row[8] = date;
    row[9] = L ? status.ru : status.kk;
    const jobs = rng.logInt(10, 3000);
    row[10] = rng.chance(0.05) ? `${jobs} ${L ? 'мест' : 'орын'}` : jobs;
    row[11] = rng.chance(0.7) ? rng.pick(sector.capacity)[L] : null;
    const y = Number(iso.slice(0, 4));
    row[12] = rng.chance(0.8) ? `${y}–${y + rng.int(1, 4)}` : null;
    row[13] = rng.pick(AGENCIES)[L];
    row[14] = rng.chance(0.15) ? rng.pick(NOTES)[L] : null;

    // Which money: tenge only, yuan only, both, or none yet.
    const m = rng.float();
    let kzt: { tenths: number; cell: CellValue } | null = null;
    let cny: { tenths: number; cell: CellValue } | null = null;
    if (m < 0.72) kzt = kztCell(rng, lang);
    else if (m < 0.87) cny = cnyCell(rng, lang);
    else if (m < 0.97) {
      // Both: the tenge figure at that day's rate (within a tiyn-free tenth of a million), so the cross rate holds.
      cny = cnyCell(rng, lang);
      const tenths = Math.round(cny.tenths * cnyRateOn(iso));
      kzt = { tenths, cell: rng.chance(0.9) ? tenths / 10 : tenthsText(tenths, NBSP) };
    } else row[COL.status - 1] = rng.pick(VALUELESS)[L]; // no value yet: a proposal or under study
    if (kzt) row[COL.KZT - 1] = kzt.cell;
    if (cny) row[COL.CNY - 1] = cny.cell;

    // Exactly 1% of the rows carry one messy cell, kinds in turn.
    if (i % 100 === 37) {
      const kind = (['error', 'unreadable', 'status', 'date'] as const)[Math.floor(i / 100) % 4];
      if (kind === 'error' || kind === 'unreadable') {
        const value = kind === 'error' ? ERRORS[Math.floor(i / 400) % ERRORS.length] : rng.pick(UNREADABLE[lang]);
        row[COL.KZT - 1] = kind === 'error' ? { error: value } : value;
        kzt = null;
        stats.planted.push({ cell: columnLetters(COL.KZT) + sheetRow, row: sheetRow, kind, code: kind === 'error' ? 'CELL_ERROR' : 'AMOUNT_UNREADABLE', value });
      } else if (kind === 'status') {
        const value = rng.pick(UNKNOWN_STATUS[lang]);
        row[COL.status - 1] = value;
        stats.planted.push({ cell: columnLetters(COL.status) + sheetRow, row: sheetRow, kind, code: 'STATUS_UNKNOWN', value });
      } else {
        const value = `31.02.${y}`; // no such day: kept as written, reported as an invalid date
        row[COL.date - 1] = value;
        stats.planted.push({ cell: columnLetters(COL.date) + sheetRow, row: sheetRow, kind, code: 'DATE_INVALID', value });
      }
    }
    if (kzt) stats.kztTenths += kzt.tenths;
    if (cny) stats.cnyTenths += cny.tenths;
    stats.projects++;
    stats.rows++;
    yield row;
  }
  const total = blank();
  total[COL.name - 1] = TOTAL[lang];
  total[COL.KZT - 1] = stats.kztTenths / 10;
  total[COL.CNY - 1] = stats.cnyTenths / 10;
  stats.rows++;
  stats.totalRow = stats.rows;
  yield total;
}

// --- writers ------------------------------------------------------------------------------------

/** A fixed timestamp for workbook properties, so two runs differ only in the zip's own entry dates. */
const FIXED = new Date(Date.UTC(2025, 11, 31, 12, 0, 0));

/**
 * The register as .xlsx through ExcelJS's streaming writer (rows committed as they are made, so
 * memory stays bounded): shared strings as Excel writes them, date cells as dd.mm.yyyy.
 */
export async function writeXlsx(file: string, n: number, opts: GenOptions = {}): Promise<GenStats> {
  const lang = opts.lang ?? 'kk';
  const stats = newStats();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  wb.creator = 'tizilim bench';
  wb.created = FIXED;
  wb.modified = FIXED;
  const ws = wb.addWorksheet(lang === 'kk' ? 'Тізілім' : 'Реестр', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = [6, 40, 34, 14, 24, 28, 16, 16, 13, 20, 12, 20, 14, 28, 30].map((width) => ({ width }));
  for (const values of generateRows(n, opts.seed ?? 1, lang, stats)) {
    const row = ws.addRow(values);
    const r = row.number;
    if (r === 1) row.getCell(1).font = { bold: true, size: 14 };
    else if (r === 3) row.font = { bold: true };
    else if (r > 3) {
      row.getCell(COL.KZT).numFmt = '#,##0.0';
      row.getCell(COL.CNY).numFmt = '#,##0.0';
      if (values[COL.date - 1] instanceof Date) row.getCell(COL.date).numFmt = 'dd.mm.yyyy';
      if (r === stats.totalRow) row.font = { bold: true };
    }
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return stats;
}

function csvField(v: CellValue): string {
  let s: string;
  if (v === null) return '';
  if (typeof v === 'number') s = String(v).replace('.', ',');
  else if (v instanceof Date) s = dotted(v.toISOString().slice(0, 10));
  else if (typeof v === 'object' && 'error' in v) s = v.error;
  else s = String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The register as CSV: UTF-8 with BOM, ";" delimiter, decimal comma, dates as dd.mm.yyyy, streamed. */
export async function writeCsv(file: string, n: number, opts: GenOptions = {}): Promise<GenStats> {
  const stats = newStats();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const out = createWriteStream(file, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let chunk = '\ufeff';
  for (const values of generateRows(n, opts.seed ?? 1, opts.lang ?? 'kk', stats)) {
    chunk += values.map(csvField).join(';') + '\r\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await done;
  return stats;
}

// --- money cells for the parseAmount micro-benchmark -----------------------------------------------

/**
 * `n` money cells, deterministic: ~40% numbers, ~30% text with units ("1 500,5", "2,5 млрд",
 * "300 мың"), ~30% text with currency words and qualifiers ("21 млрд тг", "≈ 300 млн теңге",
 * "450 млн юань", "около 2 млрд тенге").
 */
export function moneyCells(n: number, seed = 7): CellValue[] {
  const rng = new Rng(seed);
  const cells: CellValue[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.float();
    const t = rng.logInt(10, 2_000_000);
    if (r < 0.4) cells[i] = t / 10;
    else if (r < 0.55) cells[i] = tenthsText(t, rng.pick([NBSP, ' ', '']));
    else if (r < 0.7) cells[i] = `${tenthsText(rng.int(1, 900))} ${rng.pick(['млрд', 'млн', 'мың', 'тыс.'])}`;
    else if (r < 0.8) cells[i] = `${tenthsText(rng.int(5, 900))} млрд ${rng.pick(['тг', 'теңге', 'тенге', '₸'])}`;
    else if (r < 0.9) cells[i] = `${rng.pick(['≈ ', 'шамамен ', 'около ', ''])}${rng.int(20, 990)} млн ${rng.pick(['теңге', 'тенге', 'юань', 'юаней'])}`;
    else cells[i] = `${rng.int(1, 40)} млрд ${rng.int(1, 9) * 100} млн ${rng.pick(['теңге', 'тенге', 'юаньнан астам'])}`;
  }
  return cells;
}

// --- command line ---------------------------------------------------------------------------------

async function main(argv: string[]): Promise<void> {
  const arg = (k: string, d: string) => {
    const i = argv.indexOf(k);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : d;
  };
  const n = Number(arg('--rows', '1000'));
  const seed = Number(arg('--seed', '1'));
  const lang = arg('--lang', 'kk') as GenLang;
  const dir = arg('--out', path.join(__dirname, 'out'));
  const base = path.join(dir, `register-${lang}-${n}-s${seed}`);
  const s = await writeXlsx(base + '.xlsx', n, { seed, lang });
  await writeCsv(base + '.csv', n, { seed, lang });
  const rates = await writeRatesCsv(path.join(dir, 'rates-2019-2025.csv'));
  console.log(`wrote ${base}.xlsx and .csv: ${s.projects} projects, total row ${s.totalRow}, ${s.planted.length} planted messy cells; ${rates} rates`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
