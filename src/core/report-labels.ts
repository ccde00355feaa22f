/**
 * Words on the monthly report's own sheets (Changes, About) and the ministry copy's document
 * properties, kk / ru / en, as data. Kept apart from labels.ts, which the summary sheets own.
 */
import { fill, type Lang, type Params } from './i18n';

type Table = Record<string, Record<Lang, string>>;

export const REPORT_LABELS: Table = {
  'sheet.changes': { kk: 'Өзгерістер', ru: 'Изменения', en: 'Changes' },
  'sheet.about': { kk: 'Анықтама', ru: 'Справка', en: 'About' },

  // Changes
  'changes.title': { kk: 'Тізілімдегі өзгерістер', ru: 'Изменения в реестре', en: 'Changes in the register' },
  'changes.period': { kk: '{from} айымен салыстырғанда {to} айы', ru: '{to} в сравнении с {from}', en: '{to} compared with {from}' },
  'changes.sources': { kk: 'Бұрын: {from}; қазір: {to}', ru: 'Было: {from}; стало: {to}', en: 'Then: {from}; now: {to}' },
  'changes.totals': { kk: 'Жиындар', ru: 'Итоги', en: 'Totals' },
  'changes.list': { kk: 'Жобалар бойынша өзгерістер', ru: 'Изменения по проектам', en: 'Changes by project' },
  'changes.counts': {
    kk: 'Жаңа жобалар: {added}; тізілімнен шыққандар: {removed}; өзгергендер: {changed}; өзгеріссіз: {unchanged}',
    ru: 'Новых проектов: {added}; выбыло из реестра: {removed}; изменено: {changed}; без изменений: {unchanged}',
    en: 'New projects: {added}; no longer in the register: {removed}; changed: {changed}; unchanged: {unchanged}',
  },
  'changes.none': { kk: 'Өзгерістер жоқ.', ru: 'Изменений нет.', en: 'No changes.' },
  'changes.renumbered': { kk: 'Тек нөмірі өзгерген жобалар', ru: 'Проекты, у которых изменился только номер', en: 'Projects renumbered, nothing else changed' },
  'changes.unit': { kk: 'теңге, юань (бүтін бірлікпен)', ru: 'тенге, юани (в единицах)', en: 'tenge, yuan (whole units)' },
  'row.projects': { kk: 'Жобалар саны', ru: 'Количество проектов', en: 'Projects' },
  'row.KZT': { kk: 'Жалпы құны, теңге', ru: 'Общая стоимость, тенге', en: 'Total value, tenge' },
  'row.CNY': { kk: 'Жалпы құны, юань', ru: 'Общая стоимость, юаней', en: 'Total value, yuan' },
  'col.indicator': { kk: 'Көрсеткіш', ru: 'Показатель', en: 'Indicator' },
  'col.then': { kk: 'Бұрын ({month})', ru: 'Было ({month})', en: 'Then ({month})' },
  'col.now': { kk: 'Қазір ({month})', ru: 'Стало ({month})', en: 'Now ({month})' },
  'col.diff': { kk: 'Айырма', ru: 'Разница', en: 'Difference' },
  'col.change': { kk: 'Өзгеріс', ru: 'Изменение', en: 'Change' },
  'col.numberThen': { kk: '№ (бұрын)', ru: '№ (было)', en: 'No. (then)' },
  'col.numberNow': { kk: '№ (қазір)', ru: '№ (стало)', en: 'No. (now)' },
  'col.name': { kk: 'Жобаның атауы', ru: 'Наименование проекта', en: 'Project' },
  'col.investor': { kk: 'Инвестор', ru: 'Инвестор', en: 'Investor' },
  'col.matchedBy': { kk: 'Сәйкестендіру', ru: 'Сопоставление', en: 'Matched' },
  'col.was': { kk: 'Бұрын', ru: 'Было', en: 'Was' },
  'col.becomes': { kk: 'Қазір', ru: 'Стало', en: 'Now' },
  'col.KZTThen': { kk: 'Теңге, бұрын', ru: 'Тенге, было', en: 'Tenge, then' },
  'col.KZTNow': { kk: 'Теңге, қазір', ru: 'Тенге, стало', en: 'Tenge, now' },
  'col.KZTDiff': { kk: 'Теңге, айырма', ru: 'Тенге, разница', en: 'Tenge, difference' },
  'col.CNYThen': { kk: 'Юань, бұрын', ru: 'Юани, было', en: 'Yuan, then' },
  'col.CNYNow': { kk: 'Юань, қазір', ru: 'Юани, стало', en: 'Yuan, now' },
  'col.CNYDiff': { kk: 'Юань, айырма', ru: 'Юани, разница', en: 'Yuan, difference' },
  'kind.added': { kk: 'жаңа жоба', ru: 'новый проект', en: 'new project' },
  'kind.removed': { kk: 'тізілімде жоқ', ru: 'выбыл из реестра', en: 'no longer in the register' },
  'kind.value': { kk: 'құны өзгерді', ru: 'изменена стоимость', en: 'value changed' },
  'kind.currency': { kk: 'валютасы өзгерді', ru: 'изменена валюта', en: 'currency changed' },
  'kind.status': { kk: 'мәртебесі өзгерді', ru: 'изменён статус', en: 'status changed' },
  'kind.date': { kk: 'күні өзгерді', ru: 'изменена дата', en: 'date changed' },
  'kind.name': { kk: 'атауы өзгерді', ru: 'изменено наименование', en: 'name changed' },
  'kind.investor': { kk: 'инвесторы өзгерді', ru: 'изменён инвестор', en: 'investor changed' },
  'kind.renumbered': { kk: 'нөмірі өзгерді', ru: 'изменён номер', en: 'renumbered' },
  'match.number': { kk: 'нөмірі бойынша', ru: 'по номеру', en: 'matched by number' },
  'match.nameInvestor': { kk: 'атауы мен инвесторы бойынша', ru: 'по наименованию и инвестору', en: 'by name and investor' },
  'currency.KZT': { kk: 'теңгемен', ru: 'в тенге', en: 'in tenge' },
  'currency.CNY': { kk: 'юаньмен', ru: 'в юанях', en: 'in yuan' },
  'currency.KZT+CNY': { kk: 'теңгемен және юаньмен', ru: 'в тенге и юанях', en: 'in tenge and yuan' },

  // About
  'about.title': { kk: 'Инвестициялық жобалар тізілімі: министрліктерге арналған көшірме', ru: 'Реестр инвестиционных проектов: копия для министерств', en: 'Register of investment projects: the copy for ministries' },
  'about.region': { kk: 'Өңір', ru: 'Регион', en: 'Region' },
  'about.period': { kk: 'Есепті кезең', ru: 'Отчётный период', en: 'Reporting period' },
  'about.reportDate': { kk: 'Жағдай бойынша', ru: 'По состоянию на', en: 'As of' },
  'about.organisation': { kk: 'Жіберуші ұйым', ru: 'Организация-отправитель', en: 'Sending organisation' },
  'about.source': { kk: 'Тізілім (дереккөз)', ru: 'Реестр (источник)', en: 'Source register' },
  'about.projects': { kk: 'Жобалар саны', ru: 'Количество проектов', en: 'Projects' },
  'about.KZT': { kk: 'Жалпы құны, теңге', ru: 'Общая стоимость, тенге', en: 'Total value, tenge' },
  'about.CNY': { kk: 'Жалпы құны, юань', ru: 'Общая стоимость, юаней', en: 'Total value, yuan' },
  'about.previous': { kk: 'Алдыңғы ай (салыстыру үшін)', ru: 'Предыдущий месяц (для сравнения)', en: 'Previous month (compared with)' },
  'about.noPrevious': { kk: 'берілмеген; «Өзгерістер» парағы жоқ', ru: 'не задан; листа «Изменения» нет', en: 'not given; no Changes sheet' },
  'about.content': { kk: 'Мазмұны', ru: 'Содержание', en: 'Content' },
  'about.values': { kk: 'тек мәндер (формуласыз)', ru: 'только значения (без формул)', en: 'values only (no formulas)' },
  'about.formulas': { kk: 'жиындар тізілім парағына формулалармен', ru: 'итоги — формулы по листу реестра', en: 'summary figures are formulas over the register sheet' },
  'about.tool': { kk: 'Құрал', ru: 'Инструмент', en: 'Tool' },
  'about.rates': { kk: 'Қолданылған ҰБ бағамдары', ru: 'Применённые курсы НБ РК', en: 'NBK rates used' },
  'about.noRates': { kk: 'Бағамдар қолданылмады.', ru: 'Курсы не применялись.', en: 'No rates were used.' },
  'about.checks': { kk: 'Тексеру нәтижесі', ru: 'Результат проверки', en: 'Checks' },
  'about.errors': { kk: 'Ашық қателер', ru: 'Открытые ошибки', en: 'Open error findings' },
  'about.warnings': { kk: 'Ескертулер', ru: 'Предупреждения', en: 'Warnings' },
  'about.info': { kk: 'Ақпарат', ru: 'Сведения', en: 'Info' },
  'about.noErrors': { kk: 'Ашық қателер жоқ.', ru: 'Открытых ошибок нет.', en: 'No open error findings.' },
  'about.withErrors': {
    kk: 'Көшірме {n} ашық қатемен жіберілді, жіберуші мұны растады (--allow-errors). Қателер:',
    ru: 'Копия выгружена с открытыми ошибками ({n}), отправитель это подтвердил (--allow-errors). Ошибки:',
    en: 'Exported with {n} open error findings, confirmed by the sender (--allow-errors). The errors:',
  },
  'about.sheets': { kk: 'Кітаптағы парақтар', ru: 'Листы книги', en: 'Sheets in this workbook' },
  'col.currency': { kk: 'Валюта', ru: 'Валюта', en: 'Currency' },
  'col.rateDate': { kk: 'Бағам күні', ru: 'Дата курса', en: 'Rate date' },
  'col.rate': { kk: 'Бағам, теңге', ru: 'Курс, тенге', en: 'Rate, tenge' },
  'col.quant': { kk: 'Саны', ru: 'Кол-во', en: 'Quant' },
  'col.rateSource': { kk: 'Дереккөз', ru: 'Источник', en: 'Source' },
  'col.cell': { kk: 'Ұяшық', ru: 'Ячейка', en: 'Cell' },
  'col.code': { kk: 'Код', ru: 'Код', en: 'Code' },
  'col.message': { kk: 'Хабарлама', ru: 'Сообщение', en: 'Message' },

  // Document properties of the ministry copy
  'doc.title': { kk: '{region}: инвестициялық жобалар тізілімі, {period}', ru: '{region}: реестр инвестиционных проектов, {period}', en: '{region}: register of investment projects, {period}' },
  'doc.subject': { kk: 'Министрліктерге арналған айлық есеп', ru: 'Ежемесячный отчёт для министерств', en: 'Monthly report for ministries' },
  'doc.description': { kk: 'Өңір: {region}; кезең: {period}; ұйым: {organisation}', ru: 'Регион: {region}; период: {period}; организация: {organisation}', en: 'Region: {region}; period: {period}; organisation: {organisation}' },
};

/** A report word in one language (the key itself when missing, so a gap shows rather than hides). */
export function rlabel(key: string, lang: Lang, params?: Params): string {
  const t = REPORT_LABELS[key]?.[lang] ?? key;
  return params ? fill(t, params) : t;
}

/** The same word in several languages: one line each (headings), or joined by `sep`. */
export function rlabels(key: string, langs: readonly Lang[], params?: Params, sep = '\n'): string {
  const seen: string[] = [];
  for (const l of langs) {
    const t = rlabel(key, l, params);
    if (!seen.includes(t)) seen.push(t);
  }
  return seen.join(sep);
}
