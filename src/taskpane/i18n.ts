/**
 * The task pane's words, kk / ru / en, as data: static texts (the page's data-i18n keys), progress,
 * results and errors worded with what to do. Messages about the register itself come from the core.
 */
import { fill, isLang, type Lang, type Params } from '../core/i18n';

type Table = Record<string, Record<Lang, string>>;

export const UI: Table = {
  // Static texts of taskpane.html (data-i18n)
  'ui.title': { kk: 'Тізілім', ru: 'Тізілім', en: 'Tizilim' },
  'ui.language': { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  'ui.intro': {
    kk: 'Белсенді парақтағы инвестициялық жобалар тізілімін тексеріп, жиынтықтар жазады.',
    ru: 'Проверяет реестр инвестиционных проектов на активном листе и записывает сводки.',
    en: 'Checks the register of investment projects on the active sheet and writes the summaries.',
  },
  'ui.run': {
    kk: 'Белсенді парақты тексеріп, жиынтықтарды жазу',
    ru: 'Проверить активный лист и записать сводки',
    en: 'Check the active sheet and write the summaries',
  },
  'ui.totals': { kk: 'Қорытындылар', ru: 'Итоги', en: 'Totals' },
  'ui.findings': { kk: 'Ескертулер', ru: 'Замечания', en: 'Findings' },

  // Status
  'status.outsideExcel': {
    kk: 'Бұл панель тек Excel ішінде жұмыс істейді. Тізілім кітабын Excel-де ашып, қондырманы «Басты» қойындысынан іске қосыңыз.',
    ru: 'Эта панель работает только внутри Excel. Откройте книгу с реестром в Excel и запустите надстройку с вкладки «Главная».',
    en: 'This pane works only inside Excel. Open the register workbook in Excel and start the add-in from the Home tab.',
  },
  'status.reading': { kk: 'Парақ оқылуда…', ru: 'Чтение листа…', en: 'Reading the sheet…' },
  'status.checking': { kk: 'Тізілім тексерілуде…', ru: 'Проверка реестра…', en: 'Checking the register…' },
  'status.writing': { kk: 'Жиынтық парақтар жазылуда…', ru: 'Запись сводных листов…', en: 'Writing the summary sheets…' },
  'status.done': {
    kk: 'Дайын: «{sheet}» парағы тексерілді, {count} парақ жазылды ({names}).',
    ru: 'Готово: лист «{sheet}» проверен, записано листов: {count} ({names}).',
    en: 'Done: sheet "{sheet}" checked, {count} sheets written ({names}).',
  },
  'status.renamed': {
    kk: '«{plan}» деген парақ сіздікі, сондықтан оған тиіспедік: нәтиже «{name}» парағында.',
    ru: 'Лист «{plan}» ваш, поэтому мы его не трогали: результат на листе «{name}».',
    en: 'The sheet "{plan}" is yours, so it was left alone: the result is on "{name}".',
  },
  'status.noRates': {
    kk: '«Rates», «Бағамдар» немесе «Курсы» парағы жоқ: юань мен теңге бір-біріне аударылмады.',
    ru: 'Нет листа «Rates», «Бағамдар» или «Курсы»: юани и тенге не пересчитаны друг в друга.',
    en: 'No "Rates", "Бағамдар" or "Курсы" sheet: yuan and tenge were not converted into each other.',
  },
  'status.ratesFrom': {
    kk: 'Бағамдар «{sheet}» парағынан алынды ({count} бағам).',
    ru: 'Курсы взяты с листа «{sheet}» ({count}).',
    en: 'Rates taken from the sheet "{sheet}" ({count}).',
  },

  // Totals
  'totals.projects': { kk: 'Жобалар', ru: 'Проекты', en: 'Projects' },
  'totals.KZT': { kk: 'Барлығы, теңге', ru: 'Всего, тенге', en: 'Total, tenge' },
  'totals.CNY': { kk: 'Барлығы, юань', ru: 'Всего, юаней', en: 'Total, yuan' },
  'totals.caption': { kk: '{sheet} парағы бойынша', ru: 'По листу {sheet}', en: 'For the sheet {sheet}' },

  // Findings
  'severity.error': { kk: 'Қателер', ru: 'Ошибки', en: 'Errors' },
  'severity.warning': { kk: 'Ескертулер', ru: 'Предупреждения', en: 'Warnings' },
  'severity.info': { kk: 'Ақпарат', ru: 'Сведения', en: 'Notes' },
  'findings.count': { kk: '{label}: {count}', ru: '{label}: {count}', en: '{label}: {count}' },
  'findings.none': { kk: 'Ескертулер жоқ.', ru: 'Замечаний нет.', en: 'No findings.' },
  'findings.more': {
    kk: 'Тағы {count} — толық тізім «{sheet}» парағында.',
    ru: 'Ещё {count} — полный список на листе «{sheet}».',
    en: '{count} more — the full list is on the sheet "{sheet}".',
  },
  'findings.goTo': { kk: '{cell} ұяшығына өту', ru: 'Перейти к ячейке {cell}', en: 'Go to cell {cell}' },

  // Errors, each with what to do
  'error.tooLarge': {
    kk: '«{sheet}» парағының толтырылған ауқымы ({address}) тым үлкен: {cells} ұяшық, шегі — {limit}. Тізілімнен тыс толтырылған не пішімделген ұяшықтарды тазалаңыз немесе тізілімді жеке параққа көшіріп, қайталаңыз.',
    ru: 'Заполненный диапазон листа «{sheet}» ({address}) слишком велик: {cells} ячеек при пределе {limit}. Очистите заполненные ячейки за пределами реестра или скопируйте реестр на отдельный лист и повторите.',
    en: 'The used range of "{sheet}" ({address}) is too large: {cells} cells, the limit is {limit}. Clear the cells outside the register, or copy the register to a sheet of its own, and try again.',
  },
  'error.ownSheet': {
    kk: '«{sheet}» парағын осы құрал жазған. Өз тізілім парағыңызды ашып, қайталаңыз.',
    ru: 'Лист «{sheet}» записан этим инструментом. Откройте лист с вашим реестром и повторите.',
    en: 'The sheet "{sheet}" was written by this tool. Open the sheet with your register and try again.',
  },
  'error.cellEdit': {
    kk: 'Excel ұяшықты өңдеу күйінде. Enter немесе Esc пернесін басып, қайталаңыз.',
    ru: 'Excel в режиме правки ячейки. Нажмите Enter или Esc и повторите.',
    en: 'Excel is editing a cell. Press Enter or Esc and try again.',
  },
  'error.protected': {
    kk: 'Excel өзгертуге рұқсат бермеді: кітап не парақ қорғалған немесе тек оқуға ашылған болуы мүмкін. Қорғауды алып, қайталаңыз.',
    ru: 'Excel не разрешил изменения: книга или лист защищены либо открыты только для чтения. Снимите защиту и повторите.',
    en: 'Excel refused the change: the workbook or a sheet may be protected or read-only. Remove the protection and try again.',
  },
  'error.tooBig': {
    kk: 'Деректер Excel бір рет қабылдайтын көлемнен асып кетті. Тізілімді бірнеше параққа бөліп, қайталаңыз.',
    ru: 'Данные превысили объём, который Excel принимает за один раз. Разделите реестр на несколько листов и повторите.',
    en: 'The data exceeded what Excel accepts at once. Split the register into several sheets and try again.',
  },
  'error.oldExcel': {
    kk: 'Бұл Excel нұсқасында қажетті мүмкіндік жоқ. Excel-ді жаңартып немесе Excel-дің веб-нұсқасында қайталаңыз.',
    ru: 'В этой версии Excel нет нужной возможности. Обновите Excel или повторите в Excel в браузере.',
    en: 'This version of Excel lacks a feature the tool needs. Update Excel, or try in Excel on the web.',
  },
  'error.office': {
    kk: 'Excel сұрауды орындамады (код: {code}). Қайталап көріңіз; қате қайталанса, кітапты сақтап, Excel-ді қайта ашыңыз.',
    ru: 'Excel не выполнил запрос (код: {code}). Повторите; если ошибка повторится, сохраните книгу и перезапустите Excel.',
    en: 'Excel did not carry out the request (code: {code}). Try again; if it happens again, save the workbook and restart Excel.',
  },
  'error.unknown': {
    kk: 'Күтпеген қате болды: {message}. Қайталап көріңіз; қате қайталанса, кітапты сақтап, Excel-ді қайта ашыңыз.',
    ru: 'Непредвиденная ошибка: {message}. Повторите; если ошибка повторится, сохраните книгу и перезапустите Excel.',
    en: 'Unexpected error: {message}. Try again; if it happens again, save the workbook and restart Excel.',
  },
};

/** A UI text in a language, filled from parameters. */
export function t(key: string, lang: Lang, params: Params = {}): string {
  const row = UI[key];
  return row ? fill(row[lang], params) : key;
}

/** Office's display language ("kk-KZ", "ru-RU", …) → ours; anything else reads English. */
export function langFromOffice(displayLanguage: string | null | undefined): Lang {
  const base = (displayLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return isLang(base) ? base : 'en';
}

/** Locale for numbers shown in the pane. */
export const NUMBER_LOCALE: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en' };

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A number formatter for a language. Some browsers (Chromium's trimmed ICU data) accept "kk-KZ" but
 * format it with the root pattern ("1,234.5"); Kazakh groups and marks decimals as Russian does
 * ("1 234,5"), so Russian stands in there.
 */
export function numberFormat(lang: Lang, decimals: number): Intl.NumberFormat {
  const key = `${lang}:${decimals}`;
  let nf = formatters.get(key);
  if (!nf) {
    const opts = { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
    let locale = NUMBER_LOCALE[lang];
    if (lang === 'kk' && new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).format(1234.5) === '1,234.5') locale = NUMBER_LOCALE.ru;
    nf = new Intl.NumberFormat(locale, opts);
    formatters.set(key, nf);
  }
  return nf;
}
